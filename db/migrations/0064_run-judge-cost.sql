ALTER TABLE "dataset_run_items" ADD COLUMN "judge_cost_usd" double precision;
