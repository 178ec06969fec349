// One trace with all its observations and scores (the TraceView and GET /api/v1/traces/{id}).

import { and, asc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { observations, scores, traces, traceSentiment } from "@/db/schema";
import { traceInputSql, traceOutputSql } from "./trace-payloads";

type StoredObservation = Omit<typeof observations.$inferSelect, "projectId" | "createdAt">;

export type TraceDetail = NonNullable<Awaited<ReturnType<typeof getTrace>>>;
export type ObservationDetail = StoredObservation;
export type ScoreDetail = TraceDetail["scores"][number];

// The observations travel as one JSON document built by the database (keys named as the ORM names them): mapping a
// 200-observation trace cell by cell through the ORM took longer than the query itself.
const { projectId: _projectId, createdAt: _createdAt, ...observationColumns } = getTableColumns(observations);
const observationJson = sql.join(
  Object.entries(observationColumns).map(([key, col]) => sql`${sql.raw(`'${key}'`)}, o.${sql.identifier(col.name)}`),
  sql`, `,
);

type ObservationJson = Omit<StoredObservation, "startTime" | "endTime"> & { startTime: string; endTime: string | null };

/** The trace's observations as one JSON array, evaluated in the same statement (snapshot) as the trace row. */
const observationsOf = sql<string>`(
  select coalesce(json_agg(json_build_object(${observationJson}) order by o.start_time, o.id), '[]')::text
  from observations o where o.project_id = "traces"."project_id" and o.trace_id = "traces"."id")`;

export async function getTrace(db: Db, projectId: string, traceId: string) {
  // One round trip: the reads run together. The trace row and its observations come from one statement, so one
  // snapshot: a merge committing meanwhile is seen whole or not at all (totals always match the observations).
  const [[row], sc, [sentiment]] = await Promise.all([
    db.select({ trace: traces, observations: observationsOf, input: traceInputSql("traces"), output: traceOutputSql("traces") }).from(traces).where(and(eq(traces.projectId, projectId), eq(traces.id, traceId))),
    db
      .select()
      .from(scores)
      .where(and(eq(scores.projectId, projectId), eq(scores.traceId, traceId)))
      .orderBy(asc(scores.timestamp), asc(scores.id)),
    db
      .select({ polarity: traceSentiment.polarity, label: traceSentiment.label, emotions: traceSentiment.emotions })
      .from(traceSentiment)
      .where(and(eq(traceSentiment.projectId, projectId), eq(traceSentiment.traceId, traceId))),
  ]);
  if (!row) return null;
  const { trace } = row;
  const obs = (JSON.parse(String(row.observations)) as ObservationJson[]).map((o) => ({ ...o, startTime: new Date(o.startTime), endTime: o.endTime === null ? null : new Date(o.endTime) }));
  const { projectId: _p, hasRoot: _h, createdAt: _c, ...rest } = trace;
  return {
    ...rest,
    inputTokens: Number(trace.inputTokens),
    outputTokens: Number(trace.outputTokens),
    totalTokens: Number(trace.totalTokens),
    /** The trace's own input and output: its root observation's, else the first model call's input and the last one's output. */
    input: row.input as unknown,
    output: row.output as unknown,
    observations: obs,
    scores: sc.map(({ projectId: _pp, createdAt: _cc, ...s }) => s),
    /** The end user's sentiment (lib/sentiment); null until analysed, and for traces without user text. */
    sentiment: sentiment && sentiment.polarity !== null ? sentiment : null,
  };
}
