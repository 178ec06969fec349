// Judgments: scores of traces and observations with filters and keyset pagination (newest first).

import { and, desc, eq, gte, lte, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { decodeDateCursor, encodeCursor } from "@/lib/pagination/cursor";
import type { Db } from "@/db/client";
import { scores, traces } from "@/db/schema";
import { SCORE_DATA_TYPES, SCORE_SOURCES } from "./scores";

const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().max(200).optional());
const optionalNumber = z.preprocess(blankToUndefined, z.coerce.number({ message: "must be a number" }).optional());
const optionalDate = z.preprocess(blankToUndefined, z.coerce.date({ message: "must be an ISO-8601 date" }).optional());

export const scoreListQuerySchema = z.object({
  name: optionalText,
  source: z.preprocess(blankToUndefined, z.enum(SCORE_SOURCES).optional()),
  dataType: z.preprocess(blankToUndefined, z.enum(SCORE_DATA_TYPES).optional()),
  /** Inclusive bounds on the numeric value (booleans are 0/1; categorical scores have none and are left out). */
  minValue: optionalNumber,
  maxValue: optionalNumber,
  from: optionalDate,
  to: optionalDate,
  traceId: optionalText,
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ScoreListQuery = z.output<typeof scoreListQuerySchema>;

export interface ScoreListItem {
  id: string;
  traceId: string;
  traceName: string | null;
  observationId: string | null;
  name: string;
  value: number | null;
  stringValue: string | null;
  dataType: string;
  source: string;
  comment: string | null;
  timestamp: Date;
}

export async function listScores(db: Db, projectId: string, q: ScoreListQuery): Promise<{ items: ScoreListItem[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [eq(scores.projectId, projectId)];
  if (q.name) where.push(eq(scores.name, q.name));
  if (q.source) where.push(eq(scores.source, q.source));
  if (q.dataType) where.push(eq(scores.dataType, q.dataType));
  if (q.minValue !== undefined) where.push(gte(scores.value, q.minValue));
  if (q.maxValue !== undefined) where.push(lte(scores.value, q.maxValue));
  if (q.from) where.push(gte(scores.timestamp, q.from));
  if (q.to) where.push(lt(scores.timestamp, q.to)); // [from, to), like every time range in the app
  if (q.traceId) where.push(eq(scores.traceId, q.traceId));
  if (q.cursor) {
    const c = decodeDateCursor(q.cursor);
    const at = new Date(c.v);
    where.push(or(lt(scores.timestamp, at), and(eq(scores.timestamp, at), lt(scores.id, c.id))));
  }
  const rows = await db
    .select({
      id: scores.id,
      traceId: scores.traceId,
      traceName: traces.name,
      observationId: scores.observationId,
      name: scores.name,
      value: scores.value,
      stringValue: scores.stringValue,
      dataType: scores.dataType,
      source: scores.source,
      comment: scores.comment,
      timestamp: scores.timestamp,
    })
    .from(scores)
    .leftJoin(traces, and(eq(traces.projectId, scores.projectId), eq(traces.id, scores.traceId)))
    .where(and(...where))
    .orderBy(desc(scores.timestamp), desc(scores.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  const nextCursor = rows.length > q.limit && last ? encodeCursor(last.timestamp, last.id) : null;
  return { items, nextCursor };
}

/** Distinct score names of the project, for the filter's suggestions. */
export async function scoreNames(db: Db, projectId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ name: scores.name }).from(scores).where(eq(scores.projectId, projectId)).orderBy(scores.name).limit(200);
  return rows.map((r) => r.name);
}
