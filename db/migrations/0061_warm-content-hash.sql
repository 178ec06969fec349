ALTER TABLE "storage_manifest" ADD COLUMN "content_hash" text;
