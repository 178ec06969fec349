// Reads and replaces a project's stored catalog document (event_catalogs).
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { eventCatalogs } from "@/db/schema";
import { catalogSchema, EMPTY_CATALOG, type Catalog } from "../definition";

export interface StoredCatalog {
  catalog: Catalog;
  updatedAt: string | null;
}

/** The project's catalog; mode `off` and no events when none was saved. */
export async function getCatalog(db: Db, projectId: string): Promise<StoredCatalog> {
  const [row] = await db.select().from(eventCatalogs).where(eq(eventCatalogs.projectId, projectId)).limit(1);
  if (!row) return { catalog: EMPTY_CATALOG, updatedAt: null };
  // Stored documents were validated on save; parsing again fills defaults added since.
  return { catalog: catalogSchema.parse({ mode: row.mode, events: row.events }), updatedAt: row.updatedAt.toISOString() };
}

export async function saveCatalog(db: Db, projectId: string, catalog: Catalog, now: Date) {
  const values = { mode: catalog.mode, events: catalog.events, updatedAt: now };
  await db
    .insert(eventCatalogs)
    .values({ projectId, ...values })
    .onConflictDoUpdate({ target: eventCatalogs.projectId, set: values });
}
