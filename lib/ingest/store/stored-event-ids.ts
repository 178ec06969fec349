// Ingest's dedupe key for product events is (project, id), but `events` is partitioned by time (migration 0079), so
// its primary key also holds the event time and cannot refuse a second copy of an id sent with another time.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events } from "@/db/schema";

/** The ids among `ids` already stored for the project, whatever their event time (one key probe per partition). */
export async function storedEventIds(db: Db, projectId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.projectId, projectId), inArray(events.id, ids)));
  return new Set(rows.map((r) => r.id));
}
