// Scores: evaluations of a trace or one of its observations, from the API, analysts, judges or code.

import { z } from "zod";
import type { Db } from "@/db/client";
import { scores } from "@/db/schema";
import { eventTime, metricValue } from "@/lib/ingest/fields";
import { markRollupHoursStale } from "@/lib/insights/store/rollup-staleness";

// "eval": online evaluation rules; "annotation": reviewers in annotation queues (issue 20).
export const SCORE_SOURCES = ["api", "human", "llm_judge", "code", "eval", "annotation"] as const;
export const SCORE_DATA_TYPES = ["numeric", "boolean", "categorical"] as const;

export const scoreInputSchema = z
  .object({
    traceId: z.string().min(1, "is required").max(200),
    observationId: z.string().min(1).max(200).nullish(),
    name: z.string().min(1, "is required").max(200),
    value: z.union([metricValue, z.boolean(), z.string().min(1).max(500)], { message: "must be a number, a boolean or a category label" }),
    dataType: z.enum(SCORE_DATA_TYPES).optional(),
    comment: z.string().max(2000).nullish(),
    timestamp: eventTime.optional(),
  })
  .superRefine((s, ctx) => {
    const expected = typeof s.value === "number" ? "numeric" : typeof s.value === "boolean" ? "boolean" : "categorical";
    if (s.dataType && s.dataType !== expected && !(s.dataType === "boolean" && (s.value === 0 || s.value === 1))) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `does not match dataType ${s.dataType}` });
    }
  });
export type ScoreInput = z.infer<typeof scoreInputSchema>;

export type ScoreRow = typeof scores.$inferInsert;

export function scoreRow(
  projectId: string,
  id: string,
  input: ScoreInput,
  meta: { source: (typeof SCORE_SOURCES)[number]; authorUserId?: string | null; timestamp: Date },
): ScoreRow {
  const v = input.value;
  const dataType = input.dataType ?? (typeof v === "number" ? "numeric" : typeof v === "boolean" ? "boolean" : "categorical");
  return {
    projectId,
    id,
    traceId: input.traceId,
    observationId: input.observationId ?? null,
    name: input.name,
    value: typeof v === "number" ? v : typeof v === "boolean" ? (v ? 1 : 0) : null,
    stringValue: typeof v === "string" ? v : typeof v === "boolean" ? String(v) : null,
    dataType,
    source: meta.source,
    comment: input.comment ?? null,
    authorUserId: meta.authorUserId ?? null,
    timestamp: input.timestamp ?? meta.timestamp,
  };
}

/**
 * Inserts scores; a replayed id changes nothing. The hours of newly rated traces are marked stale in the root cause
 * rollups (a late rating must change the thumbs-down rate of an hour already rolled up).
 */
export async function insertScores(db: Db, rows: ScoreRow[]): Promise<void> {
  if (rows.length === 0) return;
  const inserted = await db.insert(scores).values(rows).onConflictDoNothing().returning({ projectId: scores.projectId, traceId: scores.traceId });
  const byProject = new Map<string, string[]>();
  for (const r of inserted) byProject.set(r.projectId, [...(byProject.get(r.projectId) ?? []), r.traceId]);
  for (const [projectId, traceIds] of byProject) await markRollupHoursStale(db, projectId, traceIds);
}
