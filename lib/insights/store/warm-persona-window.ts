// The persona report's and persona suggestions' traces past hot retention: over a window reaching days the warm tier
// answers, the kept traces gone from the hot tables come from their warm summaries (persona included) with their
// end-user feedback from the warm score files, read as the user profiles read them (lib/users/store/warm-signals.ts),
// and join the hot SQL as relations, so the report's SQL is one for both tiers. Every trace still hot is read hot.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { goneTraceScores, loadGoneTraces } from "@/lib/users/store/warm-signals";
import { withDuckDb } from "@/lib/warehouse/duckdb";
import { outsideRanges } from "@/lib/warehouse/store/ranges";
import { allWarmFiles, splitByTier } from "@/lib/warehouse/warm-reads";
import type { Window } from "./suggestion-inputs";

export interface WarmPersonaWindow {
  /** Traces gone from the hot tables: timestamp as ISO text, persona as the hot reads name it. */
  traces: { id: string; user_id: string | null; session_id: string | null; timestamp: string; total_cost: number | null; persona: string }[];
  /** Their end-user feedback scores (source api, numeric or boolean, in [0, 5]: FEEDBACK_PER_TRACE's rows). */
  feedback: { trace_id: string; name: string; value: number; data_type: string }[];
}

/** Null when the hot tables answer the whole window (DuckDB is not loaded). */
export async function warmPersonaWindow(db: Db, projectId: string, w: Window, now: Date, root?: string): Promise<WarmPersonaWindow | null> {
  const split = await splitByTier(db, projectId, [[w.from, w.to]], now, root, "traces");
  if (!split.warm.files.length) return null;
  const [hot, scoreFiles] = await Promise.all([
    db.execute(sql`select id from traces where project_id = ${projectId} and not ${outsideRanges(sql`timestamp`, split.warm.ranges)}`),
    allWarmFiles(db, projectId, "scores", root),
  ]);
  const traces = { files: split.warm.files.map((f) => f.file), ranges: split.warm.ranges };
  return withDuckDb(async (conn) => {
    await loadGoneTraces(conn, traces, "true", rowsOf<{ id: string }>(hot).map((r) => r.id));
    const read = async (q: string) => (await conn.runAndReadAll(q)).getRowObjectsJS();
    const gone = await read(`select id, user_id, session_id, epoch_ms(timestamp) as ms, total_cost, persona from gone`);
    const feedback = await read(`select trace_id, name, value, data_type from (${goneTraceScores(scoreFiles)})
      where source = 'api' and data_type in ('numeric', 'boolean') and value between 0 and 5`);
    return {
      traces: gone.map((r) => ({
        id: String(r.id),
        user_id: r.user_id === null ? null : String(r.user_id),
        session_id: r.session_id === null ? null : String(r.session_id),
        timestamp: new Date(Number(r.ms)).toISOString(),
        total_cost: r.total_cost === null ? null : Number(r.total_cost),
        persona: String(r.persona),
      })),
      feedback: feedback.map((r) => ({ trace_id: String(r.trace_id), name: String(r.name), value: Number(r.value), data_type: String(r.data_type) })),
    };
  });
}

/** PostgreSQL: the gone traces as a relation (id, user_id, session_id, timestamp, total_cost, persona); none without a warm part. */
export function goneTracesRelation(warm: WarmPersonaWindow | null) {
  return sql`jsonb_to_recordset(${JSON.stringify(warm?.traces ?? [])}::jsonb)
    as g(id text, user_id text, session_id text, "timestamp" timestamptz, total_cost float8, persona text)`;
}

/** PostgreSQL: the gone traces' feedback as a relation (trace_id, name, value, data_type). */
export function goneFeedbackRelation(warm: WarmPersonaWindow | null) {
  return sql`jsonb_to_recordset(${JSON.stringify(warm?.feedback ?? [])}::jsonb) as g(trace_id text, name text, value float8, data_type text)`;
}
