ALTER TABLE "annotation_queue_items" ADD COLUMN "insight_id" uuid REFERENCES "public"."spectrum_insights"("id") ON DELETE cascade;
--> statement-breakpoint
ALTER TABLE "annotation_queue_items" ADD COLUMN "review_context" jsonb;
--> statement-breakpoint
ALTER TABLE "annotation_queue_items" DROP CONSTRAINT "annotation_queue_items_one_subject";
--> statement-breakpoint
ALTER TABLE "annotation_queue_items" ADD CONSTRAINT "annotation_queue_items_one_subject" CHECK (num_nonnulls("trace_id", "dataset_item_id", "insight_id") = 1);
--> statement-breakpoint
CREATE UNIQUE INDEX "annotation_queue_items_queue_insight_idx" ON "annotation_queue_items" USING btree ("queue_id","insight_id");
