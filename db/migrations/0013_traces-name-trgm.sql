-- Trigram index for the traces list's name search (ILIKE '%...%'), so a rare name does not scan every trace.
-- pg_trgm ships with PostgreSQL (a trusted extension since 13). Where it cannot be created (PGlite, which loads
-- extensions only when the client asks, or a role without the privilege) the search stays a scan: correct, slower.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is not available (%): trace name search will scan', SQLERRM;
END $$;--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX IF NOT EXISTS "traces_name_trgm_idx" ON "traces" USING gin ("name" gin_trgm_ops);
  END IF;
END $$;
