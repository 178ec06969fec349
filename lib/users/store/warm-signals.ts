// The preference profile's signals for the days the warm tier answers: activity (per-hour activity, thumbs, the last 30
// days' actions and active days) and trace names (intents) for the days past hot retention, and the personas (with
// their satisfaction scores) and tags (response styles) of the traces that left the hot tables. The same rows, in the
// same shapes, that profile-inputs.ts reads from the hot tables for everything else, so the two sum to what the hot
// tables gave before retention.
import type { DuckDBConnection } from "@duckdb/node-api";
import { idTable, inRanges, readParquet, userIdTable, withDuckDb } from "@/lib/warehouse/duckdb";
import type { UsersWarmParts } from "./user-totals";

type Row = Record<string, unknown>;
const HOUR_US = 3_600_000_000n;
const DAY_US = 86_400_000_000n;
const us = (t: Date) => BigInt(t.getTime()) * 1000n;
const dayOf = (n: unknown) => new Date(Number(n) * 86_400_000).toISOString().slice(0, 10);

/**
 * For personas and tags, a trace is read where it is (as a user's scores are, user-scores.ts): a trace still hot is
 * read hot with its hot scores, whatever its day; one gone from the hot tables from its warm summary, with the scores
 * the warm score files hold for it (by score id, any day: the warm tier files a score by its own day, and retention
 * deletes a trace's scores with the trace).
 */
export interface WarmTraceContext {
  /** Hot traces of the users on days the warm tier answers (exported, not yet expired): left to the hot reads. */
  hotTraceIds: string[];
  /** Warm score files whose user index names one of the users. */
  scoreFiles: string[];
}

export interface WarmProfileSignals {
  /** (user_id, hour, n, events, up, down, recent, recent_thumbs, days) */
  activity: Row[];
  /** Trace names: (user_id, value, count) */
  names: Row[];
  /** (user_id, persona, traces, score_sum, scored), as profile-inputs.ts reads them hot */
  personas: Row[];
  /** Trace tags: (user_id, value, count) */
  tags: Row[];
}

/**
 * The kept traces in `traces`' ranges matching `where` that left the hot tables, from their warm summaries: a temp
 * table `gone (id, user_id, session_id, timestamp, total_cost, persona, tags)` on `conn`. The persona is the one the
 * hot reads give (personaOf in profile-inputs.ts): the dimension's value at export, else the trace's name.
 */
export async function loadGoneTraces(conn: DuckDBConnection, traces: { files: string[]; ranges: [Date, Date][] }, where: string, hotTraceIds: Iterable<string>): Promise<void> {
  await idTable(conn, "hot_traces", "id", hotTraceIds);
  // Files written before the summaries carried persona and tags read them as null (union_by_name): a kept trace's
  // tags are a list, never null, in every file written since, so a null marks a row with neither to give.
  await conn.run(`
    create temp table gone as select distinct on (id) id, user_id, session_id, timestamp, total_cost, coalesce(persona, name, '(unnamed)') as persona, tags
    from ${readParquet(traces.files, { unionByName: true })}
    where ${where} and not sampled and tags is not null and ${inRanges("timestamp", traces.ranges)}
      and id not in (select id from hot_traces)`);
}

/** The scores of the `gone` traces from warm score files, by score id (any day), as `select` SQL with the files' columns. */
export function goneTraceScores(scoreFiles: string[]): string {
  return scoreFiles.length
    ? `select distinct on (id) * from ${readParquet(scoreFiles)} where trace_id in (select id from gone)`
    : "select null::varchar as id, null::varchar as trace_id, null::varchar as name, 0::double as value, null::varchar as data_type, null::varchar as source where false";
}

/** (user_id, persona, traces, score_sum, scored) of the `gone` traces, as profile-inputs.ts reads them hot. */
export async function gonePersonaScores(conn: DuckDBConnection, scoreFiles: string[]): Promise<Row[]> {
  const scores = `select trace_id, sum(value) as score_sum, count(value) as scored from (${goneTraceScores(scoreFiles)})
    where data_type in ('numeric', 'boolean') and value between 0 and 1 group by 1`;
  return (
    await conn.runAndReadAll(`
      select g.user_id, g.persona, count(*) as traces, coalesce(sum(s.score_sum), 0)::double as score_sum, coalesce(sum(s.scored), 0) as scored
      from gone g left join (${scores}) s on s.trace_id = g.id group by 1, 2`)
  ).getRowObjectsJS() as Row[];
}

export async function warmProfileSignals(parts: UsersWarmParts, userIds: string[], since: Date, until: Date, context: WarmTraceContext | null): Promise<WarmProfileSignals> {
  const events = parts.events?.files.length ? parts.events : null;
  const traces = parts.traces?.files.length ? parts.traces : null;
  if (!events && !traces) return { activity: [], names: [], personas: [], tags: [] };
  return withDuckDb(async (conn) => {
    await userIdTable(conn, "wanted", userIds);
    const wanted = "user_id in (select user_id from wanted)";
    const read = async (query: string) => (await conn.runAndReadAll(query)).getRowObjectsJS() as Row[];
    const thumbs = (v: string) => `name = 'feedback' and json_extract_string(properties, '$.thumbs') = '${v}'`;
    // Sampled-out traces' summaries are in the warm files; the hot reads see kept traces only.
    const parts = [
      events && `select user_id, timestamp as ts, ${thumbs("up")} as up, ${thumbs("down")} as down, true as is_event
        from ${readParquet(events.files)} where ${wanted} and ${inRanges("timestamp", events.ranges)}`,
      // Named, not positional: the traces part may be the only one (a project with no warm events).
      traces && `select user_id, timestamp as ts, false as up, false as down, false as is_event
        from ${readParquet(traces.files)} where ${wanted} and not sampled and ${inRanges("timestamp", traces.ranges)}`,
    ].filter(Boolean);
    const recent = `epoch_us(ts) >= ${us(since)} and epoch_us(ts) < ${us(until)}`;
    const activity = await read(`
      with a as (${parts.join(" union all ")})
      select user_id, (epoch_us(ts) // ${HOUR_US}) % 24 as hour, count(*) as n, count(*) filter (where is_event) as events,
        count(*) filter (where up) as up, count(*) filter (where down) as down, count(*) filter (where ${recent}) as recent,
        count(*) filter (where (up or down) and ${recent}) as recent_thumbs,
        list(distinct epoch_us(ts) // ${DAY_US}) filter (where ${recent}) as days
      from a group by 1, 2`);
    const names = traces
      ? await read(`
          select user_id, name as value, count(*) as count from ${readParquet(traces.files)}
          where ${wanted} and not sampled and name is not null and ${inRanges("timestamp", traces.ranges)} group by 1, 2`)
      : [];
    let personas: Row[] = [];
    let tags: Row[] = [];
    if (traces && context) {
      await loadGoneTraces(conn, traces, wanted, context.hotTraceIds);
      personas = await gonePersonaScores(conn, context.scoreFiles);
      tags = await read(`select user_id, tag as value, count(*) as count from (select user_id, unnest(tags) as tag from gone) group by 1, 2`);
    }
    return { activity: activity.map((r) => ({ ...r, days: ((r.days as unknown[] | null) ?? []).map(dayOf) })), names, personas, tags };
  });
}
