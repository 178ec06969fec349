-- An alert rule can watch one series (e.g. cohort = <id>, model = gpt-4o) instead of the project total / any series.
ALTER TABLE "alert_rules" ADD COLUMN "dimension" text;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD COLUMN "dimension_value" text;
