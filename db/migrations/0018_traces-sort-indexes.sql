CREATE INDEX "traces_project_latency_id_idx" ON "traces" USING btree ("project_id",coalesce("latency_ms", -1),"id");--> statement-breakpoint
CREATE INDEX "traces_project_cost_id_idx" ON "traces" USING btree ("project_id","total_cost","id");--> statement-breakpoint
CREATE INDEX "traces_project_tokens_id_idx" ON "traces" USING btree ("project_id","total_tokens","id");