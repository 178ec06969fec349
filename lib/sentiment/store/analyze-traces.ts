// The sentiment job's work for one project: find traces not analysed yet (or changed since: more observations, a
// new feedback comment), read the end user's text from what is stored (inputs are stored after the project's masking
// rules, and not at all when payloads are dropped, so masked text is what gets analysed and dropped payloads give
// nothing), analyse it and upsert one row per trace. Rerunning finds nothing left to do.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { traceSentiment } from "@/db/schema";
import { bulkInsert } from "@/lib/traces/store/bulk-insert";
import { combineReadings } from "../combine";
import type { SentimentAnalyzer } from "../types";
import { userTexts } from "@/lib/traces/user-text";

export const SENTIMENT_BATCH = 2_000;

interface PendingTrace {
  id: string;
  timestamp: string;
  observation_count: number;
  root_input: unknown;
  first_generation_input: unknown;
  comments: string[] | null;
}

/** End-user feedback comments: scores sent by the product (source "api"), not judges', checks' or annotators' notes. */
const FEEDBACK_COMMENT = sql`sc.source = 'api' and sc.comment is not null`;

/** Traces of the project whose sentiment row is missing or stale, oldest first. */
async function pendingTraces(db: Db, projectId: string, limit: number, after?: TraceKey): Promise<PendingTrace[]> {
  const afterKey = after ? sql`and (t.timestamp, t.id) > (${after.timestamp}::timestamptz, ${after.id})` : sql``;
  const result = await db.execute(sql`
    with pending as (
      select t.id, t.timestamp, t.observation_count, cc.n as comment_count
      from traces t
      left join trace_sentiment s on s.project_id = t.project_id and s.trace_id = t.id
      cross join lateral (select count(*)::int as n from scores sc
                          where sc.project_id = t.project_id and sc.trace_id = t.id and ${FEEDBACK_COMMENT}) cc
      where t.project_id = ${projectId}
        and (s.trace_id is null or s.observation_count <> t.observation_count or s.comment_count <> cc.n) ${afterKey}
      order by t.timestamp, t.id
      limit ${limit}
    )
    select p.id, p.timestamp, p.observation_count,
      (select o.input from observations o where o.project_id = ${projectId} and o.trace_id = p.id and o.parent_observation_id is null
        order by o.start_time, o.id limit 1) as root_input,
      (select o.input from observations o where o.project_id = ${projectId} and o.trace_id = p.id and o.type = 'generation'
        order by o.start_time, o.id limit 1) as first_generation_input,
      (select array_agg(sc.comment order by sc.timestamp, sc.id) from scores sc
        where sc.project_id = ${projectId} and sc.trace_id = p.id and ${FEEDBACK_COMMENT}) as comments
    from pending p`);
  return rowsOf<PendingTrace>(result);
}

/** The texts of one trace: the user's words in the root input (else the first model call's input), then comments. */
export function traceTexts(t: Pick<PendingTrace, "root_input" | "first_generation_input" | "comments">): string[] {
  const fromRoot = userTexts(t.root_input);
  const user = fromRoot.length > 0 ? fromRoot : userTexts(t.first_generation_input);
  return [...user, ...(t.comments ?? []).filter((c) => c.trim().length > 0)];
}

/** Where a batch stopped (the last trace it examined, in `timestamp, id` order): the next batch starts after it. */
export interface TraceKey {
  timestamp: string;
  id: string;
}

export interface AnalyzeBatchResult {
  examined: number;
  analysed: number;
  last?: TraceKey;
}

/** Analyses up to `limit` pending traces of the project; `examined` below `limit` means none are left. */
export async function analyzePendingTraces(
  db: Db,
  projectId: string,
  analyzer: SentimentAnalyzer,
  opts: { now: Date; limit?: number; after?: TraceKey },
): Promise<AnalyzeBatchResult> {
  const pending = await pendingTraces(db, projectId, opts.limit ?? SENTIMENT_BATCH, opts.after);
  if (pending.length === 0) return { examined: 0, analysed: 0 };
  const texts = pending.map(traceTexts);
  const readings = await analyzer.analyze(texts.flat());
  let offset = 0;
  let analysed = 0;
  const rows = pending.map((t, i) => {
    const reading = combineReadings(readings.slice(offset, offset + texts[i].length));
    offset += texts[i].length;
    if (reading) analysed++;
    return {
      projectId,
      traceId: t.id,
      timestamp: new Date(t.timestamp),
      polarity: reading?.polarity ?? null,
      label: reading?.label ?? null,
      emotions: reading?.emotions ?? null,
      detected: reading?.detected ?? [],
      textCount: texts[i].length,
      analyzer: analyzer.version,
      observationCount: Number(t.observation_count),
      commentCount: t.comments?.length ?? 0,
      analyzedAt: opts.now,
    };
  });
  await db.execute(sql`${bulkInsert(traceSentiment, rows)}
    on conflict (project_id, trace_id) do update set
      timestamp = excluded.timestamp, polarity = excluded.polarity, label = excluded.label, emotions = excluded.emotions,
      detected = excluded.detected, text_count = excluded.text_count, analyzer = excluded.analyzer,
      observation_count = excluded.observation_count, comment_count = excluded.comment_count, analyzed_at = excluded.analyzed_at`);
  const tail = pending[pending.length - 1];
  return { examined: pending.length, analysed, last: { timestamp: new Date(tail.timestamp).toISOString(), id: tail.id } };
}

/** Analyses every pending trace of the project now, batch after batch (demo seeding, benchmarks, scripts). */
export async function analyzeAllPending(db: Db, projectId: string, analyzer: SentimentAnalyzer, now: Date): Promise<AnalyzeBatchResult> {
  const total = { examined: 0, analysed: 0 };
  let after: TraceKey | undefined;
  for (;;) {
    const r = await analyzePendingTraces(db, projectId, analyzer, { now, after });
    total.examined += r.examined;
    total.analysed += r.analysed;
    after = r.last;
    if (r.examined < SENTIMENT_BATCH) return total;
  }
}
