// The per-day, per-event contract counters (event_quality_daily): added to by ingest, read by the Data quality page.
import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { eventQualityDaily } from "@/db/schema";
import { MAX_LAST_VIOLATIONS, type QualityTally } from "../ingest-check";

/** Adds the tallies to their (project, day, name) rows; rows arrive sorted, so concurrent batches lock in one order. */
export async function addQualityTallies(db: Db, projectId: string, tallies: QualityTally[]) {
  if (tallies.length === 0) return;
  const t = eventQualityDaily;
  await db
    .insert(t)
    .values(tallies.map((r) => ({ projectId, ...r })))
    .onConflictDoUpdate({
      target: [t.projectId, t.day, t.name],
      set: {
        volume: sql`${t.volume} + excluded.volume`,
        violations: sql`${t.violations} + excluded.violations`,
        refused: sql`${t.refused} + excluded.refused`,
        unknown: sql`${t.unknown} + excluded.unknown`,
        lastViolations: sql`(excluded.last_violations || ${t.lastViolations})[1:${sql.raw(String(MAX_LAST_VIOLATIONS))}]`,
        lastViolationAt: sql`coalesce(excluded.last_violation_at, ${t.lastViolationAt})`,
      },
    });
}

/** Every counter row of the project from `sinceDay` (YYYY-MM-DD) on, oldest first. */
export async function qualityRows(db: Db, projectId: string, sinceDay: string) {
  const t = eventQualityDaily;
  return db
    .select({
      day: t.day,
      name: t.name,
      volume: t.volume,
      violations: t.violations,
      refused: t.refused,
      unknown: t.unknown,
      lastViolations: t.lastViolations,
      lastViolationAt: t.lastViolationAt,
    })
    .from(t)
    .where(and(eq(t.projectId, projectId), gte(t.day, sinceDay)))
    .orderBy(asc(t.day), desc(t.volume));
}
