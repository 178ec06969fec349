ALTER TABLE "annotation_queue_items" ALTER COLUMN "trace_id" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "annotation_queue_items" ADD COLUMN "dataset_item_id" uuid REFERENCES "public"."dataset_items"("id") ON DELETE cascade;
--> statement-breakpoint
ALTER TABLE "annotation_queue_items" ADD COLUMN "review_scores" jsonb;
--> statement-breakpoint
ALTER TABLE "annotation_queue_items" ADD CONSTRAINT "annotation_queue_items_one_subject" CHECK (("trace_id" IS NULL) <> ("dataset_item_id" IS NULL));
--> statement-breakpoint
CREATE UNIQUE INDEX "annotation_queue_items_queue_dataset_item_idx" ON "annotation_queue_items" USING btree ("queue_id","dataset_item_id");
