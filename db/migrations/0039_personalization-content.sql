-- Issue 17: the content model's item vectors travel with the model version (Float32 little-endian, items × the
-- manifest's content dimension), in content_item_ids order; NULL for versions trained without a catalog.
ALTER TABLE "personalization_models" ADD COLUMN "content_item_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "personalization_models" ADD COLUMN "content_vectors" bytea;
