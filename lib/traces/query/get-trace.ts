// One trace with all its observations and scores (the TraceView and GET /api/v1/traces/{id}).

import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { observations, scores, traces } from "@/db/schema";

export type TraceDetail = NonNullable<Awaited<ReturnType<typeof getTrace>>>;
export type ObservationDetail = TraceDetail["observations"][number];
export type ScoreDetail = TraceDetail["scores"][number];

export async function getTrace(db: Db, projectId: string, traceId: string) {
  const [trace] = await db.select().from(traces).where(and(eq(traces.projectId, projectId), eq(traces.id, traceId)));
  if (!trace) return null;
  const [obs, sc] = await Promise.all([
    db
      .select()
      .from(observations)
      .where(and(eq(observations.projectId, projectId), eq(observations.traceId, traceId)))
      .orderBy(asc(observations.startTime), asc(observations.id)),
    db
      .select()
      .from(scores)
      .where(and(eq(scores.projectId, projectId), eq(scores.traceId, traceId)))
      .orderBy(asc(scores.timestamp), asc(scores.id)),
  ]);
  const { projectId: _p, hasRoot: _h, createdAt: _c, ...rest } = trace;
  return {
    ...rest,
    inputTokens: Number(trace.inputTokens),
    outputTokens: Number(trace.outputTokens),
    totalTokens: Number(trace.totalTokens),
    observations: obs.map(({ projectId: _pp, createdAt: _cc, ...o }) => o),
    scores: sc.map(({ projectId: _pp, createdAt: _cc, ...s }) => s),
  };
}
