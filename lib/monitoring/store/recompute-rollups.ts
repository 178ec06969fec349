/**
 * Hourly and daily metric rollups from raw events, traces, generations and custom metric points: project-wide, per
 * model and environment (traces), per saved cohort (events and traces) and per custom-metric dimension value.
 * A window is recomputed idempotently: its buckets are deleted and re-inserted in one transaction.
 */
import { and, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { metricRollups } from "@/db/schema";
import { ceilTo, floorTo, type Granularity, MAX_DIMENSION_VALUES, type RollupRow } from "../rollups/buckets";
import { metricRoles } from "@/lib/catalog/roles";

const bucketOf = (g: Granularity, column: SQL) =>
  sql`to_char(date_trunc(${sql.raw(`'${g}'`)}, ${column} at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

type Raw = Record<string, string | number | null>;

/** Saved cohorts monitored as a dimension (`cohort` = the cohort's id), the most recently edited first. */
export const MAX_MONITORED_COHORTS = 20;

/**
 * The members of the project's monitored cohorts, as of each cohort's last refresh (a cohort's series follows its
 * members of the day the bucket was last recomputed, like a PostHog cohort breakdown, not a historical snapshot).
 */
function cohortMembersOf(projectId: string): SQL {
  return sql`(
    select m.cohort_id, m.user_id from cohort_members m
    where m.project_id = ${projectId} and m.cohort_id in (
      select id from cohorts where project_id = ${projectId} order by updated_at desc, id limit ${MAX_MONITORED_COHORTS}))`;
}
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

async function eventRows(db: Db, projectId: string, g: Granularity, from: Date, to: Date): Promise<RollupRow[]> {
  // The event names come from the project's catalog roles (defaults: session_started, message_sent, error, feedback).
  const roles = await metricRoles(db, projectId);
  const window = sql`project_id = ${projectId} and timestamp >= ${from.toISOString()}::timestamptz and timestamp < ${to.toISOString()}::timestamptz`;
  const rows = rowsOf<Raw>(
    await db.execute(sql`
      with e as (select timestamp, user_id, name, properties from events where ${window}), unioned as (
        select 'all' as dimension, 'all' as dimension_value, e.* from e
        union all
        select 'cohort', c.cohort_id::text, e.* from e join ${cohortMembersOf(projectId)} c on c.user_id = e.user_id
      )
      select dimension, dimension_value, ${bucketOf(g, sql`timestamp`)} as bucket,
        count(*) filter (where name = ${roles.session})::int as sessions,
        count(distinct user_id)::int as active_users,
        count(*) filter (where name = ${roles.message})::int as messages,
        count(*) filter (where name = ${roles.error})::int as errors,
        count(*) filter (where name = ${roles.feedback} and properties->>'thumbs' = 'up')::int as up,
        count(*) filter (where name = ${roles.feedback} and properties->>'thumbs' = 'down')::int as down
      from unioned
      group by 1, 2, 3`),
  );
  const out: RollupRow[] = [];
  for (const r of rows) {
    const base = { dimension: String(r.dimension), dimensionValue: String(r.dimension_value), bucketStart: new Date(String(r.bucket)) };
    const sessions = Number(r.sessions), messages = Number(r.messages), errors = Number(r.errors);
    const up = Number(r.up), down = Number(r.down);
    out.push({ ...base, metric: "sessions", value: sessions, count: sessions });
    out.push({ ...base, metric: "messages", value: messages, count: messages });
    out.push({ ...base, metric: "active_users", value: Number(r.active_users), count: Number(r.active_users) });
    if (messages + errors > 0) out.push({ ...base, metric: "error_rate", value: errors / (messages + errors), count: messages + errors });
    if (up + down > 0) out.push({ ...base, metric: "thumbs_up_rate", value: up / (up + down), count: up + down });
  }
  return out;
}

/**
 * Request metrics: per trace (project total and per environment) and per generation (per model), over kept and
 * sampled-out traces alike (summary rows), so they are exact at any sampling rate.
 */
async function requestRows(db: Db, projectId: string, g: Granularity, from: Date, to: Date): Promise<RollupRow[]> {
  const window = sql`project_id = ${projectId} and ${sql.raw("ts")} >= ${from.toISOString()}::timestamptz and ${sql.raw("ts")} < ${to.toISOString()}::timestamptz`;
  const rows = rowsOf<Raw>(
    await db.execute(sql`
      with t as (
        select timestamp as ts, project_id, user_id, environment, level, latency_ms as latency, total_cost as cost, total_tokens as tokens from traces
        union all
        select timestamp, project_id, user_id, environment, level, latency_ms, total_cost, total_tokens from sampled_traces
      ), o as (
        select start_time as ts, project_id, coalesce(model, 'unknown') as model, level,
          extract(epoch from (end_time - start_time)) * 1000 as latency, coalesce(cost_total, 0) as cost, coalesce(usage_total, 0) as tokens
        from observations where type = 'generation'
        union all
        select start_time, project_id, coalesce(model, 'unknown'), level,
          extract(epoch from (end_time - start_time)) * 1000, coalesce(cost_total, 0), coalesce(usage_total, 0)
        from sampled_observations where type = 'generation'
      ), unioned as (
        select 'all' as dimension, 'all' as dimension_value, ts, level, latency, cost, tokens from t where ${window}
        union all
        select 'environment', environment, ts, level, latency, cost, tokens from t where ${window}
        union all
        select 'cohort', c.cohort_id::text, ts, level, latency, cost, tokens
        from t join ${cohortMembersOf(projectId)} c on c.user_id = t.user_id where ${window}
        union all
        select 'model', model, ts, level, latency, cost, tokens from o where ${window}
      )
      select dimension, dimension_value, ${bucketOf(g, sql`ts`)} as bucket, count(*)::int as requests,
        count(*) filter (where level = 'ERROR')::int as errors,
        count(latency)::int as timed,
        percentile_cont(0.5) within group (order by latency) as p50,
        percentile_cont(0.95) within group (order by latency) as p95,
        sum(cost)::float8 as cost, sum(tokens)::float8 as tokens
      from unioned group by 1, 2, 3`),
  );
  const out: RollupRow[] = [];
  for (const r of rows) {
    const base = { dimension: String(r.dimension), dimensionValue: String(r.dimension_value), bucketStart: new Date(String(r.bucket)) };
    const requests = Number(r.requests), timed = Number(r.timed);
    out.push({ ...base, metric: "requests", value: requests, count: requests });
    out.push({ ...base, metric: "request_error_rate", value: Number(r.errors) / requests, count: requests });
    if (timed > 0) {
      out.push({ ...base, metric: "latency_p50", value: num(r.p50)!, count: timed });
      out.push({ ...base, metric: "latency_p95", value: num(r.p95)!, count: timed });
    }
    out.push({ ...base, metric: "cost", value: Number(r.cost), count: requests });
    out.push({ ...base, metric: "tokens", value: Number(r.tokens), count: requests });
  }
  return out;
}

/**
 * Custom metrics (POST /api/v1/metrics): the mean of the points in a bucket, over all their dimensions ("all"), and
 * per value of each dimension key (e.g. region = eu), so anomalies can be found per segment. A key with more than
 * MAX_DIMENSION_VALUES values in the window (an id, say) is left out rather than filling the rollups with series.
 */
async function customRows(db: Db, projectId: string, g: Granularity, from: Date, to: Date): Promise<RollupRow[]> {
  const rows = rowsOf<Raw>(
    await db.execute(sql`
      with points as (
        select metric, ${bucketOf(g, sql`timestamp`)} as bucket, value, dimensions
        from metric_points
        where project_id = ${projectId} and timestamp >= ${from.toISOString()}::timestamptz and timestamp < ${to.toISOString()}::timestamptz
      ), by_value as (
        select p.metric, d.key as dimension, d.value as dimension_value, p.bucket, p.value
        from points p cross join lateral jsonb_each_text(p.dimensions) d
      ), kept as (
        select metric, dimension from by_value group by 1, 2 having count(distinct dimension_value) <= ${MAX_DIMENSION_VALUES}
      )
      select metric, 'all' as dimension, 'all' as dimension_value, bucket, avg(value)::float8 as value, count(*)::int as n
      from points group by 1, 4
      union all
      select v.metric, v.dimension, v.dimension_value, v.bucket, avg(v.value)::float8, count(*)::int
      from by_value v join kept k on k.metric = v.metric and k.dimension = v.dimension
      group by 1, 2, 3, 4`),
  );
  return rows.map((r) => ({
    metric: String(r.metric),
    dimension: String(r.dimension),
    dimensionValue: String(r.dimension_value),
    bucketStart: new Date(String(r.bucket)),
    value: Number(r.value),
    count: Number(r.n),
  }));
}

/**
 * Online evaluation scores (source "eval", issue 20) as metrics `eval:<score name>`: the mean score of the bucket's
 * scored traces (by trace time), project-wide, so a drop in quality is detected and alerted on like any metric.
 */
async function evaluationScoreRows(db: Db, projectId: string, g: Granularity, from: Date, to: Date): Promise<RollupRow[]> {
  const rows = rowsOf<Raw>(
    await db.execute(sql`
      select 'eval:' || name as metric, ${bucketOf(g, sql`timestamp`)} as bucket, avg(value)::float8 as value, count(*)::int as n
      from scores
      where project_id = ${projectId} and source = 'eval' and value is not null
        and timestamp >= ${from.toISOString()}::timestamptz and timestamp < ${to.toISOString()}::timestamptz
      group by 1, 2`),
  );
  return rows.map((r) => ({ metric: String(r.metric), dimension: "all", dimensionValue: "all", bucketStart: new Date(String(r.bucket)), value: Number(r.value), count: Number(r.n) }));
}

export async function computeRollupRows(db: Db, projectId: string, g: Granularity, from: Date, to: Date): Promise<RollupRow[]> {
  const [a, b, c, d] = await Promise.all([
    eventRows(db, projectId, g, from, to),
    requestRows(db, projectId, g, from, to),
    customRows(db, projectId, g, from, to),
    evaluationScoreRows(db, projectId, g, from, to),
  ]);
  return [...a, ...b, ...c, ...d].filter((r) => Number.isFinite(r.value));
}

/**
 * Recomputes every rollup of `projectId` at granularity `g` whose bucket starts in [from, to) (widened to whole
 * buckets). Delete + insert in one transaction, so a rerun is a no-op and readers never see a half-written window.
 */
export async function recomputeRollups(db: Db, projectId: string, g: Granularity, from: Date, to: Date) {
  const start = floorTo(g, from);
  const end = ceilTo(g, to);
  const rows = await computeRollupRows(db, projectId, g, start, end);
  await db.transaction(async (tx) => {
    await tx
      .delete(metricRollups)
      .where(
        and(
          eq(metricRollups.projectId, projectId),
          eq(metricRollups.granularity, g),
          gte(metricRollups.bucketStart, start),
          lt(metricRollups.bucketStart, end),
        ),
      );
    for (let i = 0; i < rows.length; i += 1000) {
      await tx.insert(metricRollups).values(rows.slice(i, i + 1000).map((r) => ({ ...r, projectId, granularity: g })));
    }
  });
  return { granularity: g, from: start.toISOString(), to: end.toISOString(), rows: rows.length };
}

/** Projects with any raw data (the hourly job's targets). */
export async function monitoredProjects(db: Db): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(await db.execute(sql`select id from projects order by id`));
  return rows.map((r) => String(r.id));
}
