DROP INDEX "traces_project_time_idx";--> statement-breakpoint
DROP INDEX "monitoring_anomalies_unique_idx";--> statement-breakpoint
CREATE INDEX "traces_project_time_id_idx" ON "traces" USING btree ("project_id","timestamp","id");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_anomalies_identity_idx" ON "monitoring_anomalies" USING btree ("project_id","metric","granularity","dimension","dimension_value","timestamp","kind");