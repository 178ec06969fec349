ALTER TABLE "job_runs" ADD COLUMN "request_id" text;
