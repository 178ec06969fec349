// Set-based weekly/monthly aggregation: one SQL statement computes and stores the PeriodAggregate of every listed user
// of a project (means, sample standard deviations, pattern shares, Welch shifts against the previous period, notable
// days), upserting per (user, granularity, period) and removing the outputs of users whose period no longer has a
// counted session. It is the SQL form of the pure `aggregatePeriod` (lib/spectrum/period-aggregate.ts), which stays
// the reference: tests/spectrum-period-sql.test.ts checks that both agree to floating-point rounding.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { withPlannerSettings, type PlannerSettings } from "@/db/planner-settings";
import { PERIOD_AGGREGATION_VERSION, PERIOD_DEFAULTS, type PeriodAggregate } from "../period-aggregate";
import { periodRange, previousPeriodRange, type Granularity } from "../period-range";
import { DIMENSIONS, type Dimension } from "../vector";
import { EMOTIONS } from "../types";

export const insightKind = (g: Granularity) => (g === "week" ? "weekly" : "monthly");

/** A PostgreSQL text[] literal (one bind parameter, however many users). */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (m) => `\\${m}`)}"`).join(",")}}`;
}

// One pass over the sessions groups them per (user, period, day) with exact numeric sums (Σx, Σx²) per dimension;
// the period statistics roll those up. Exact sums make the result independent of the order rows arrive in (the
// single-user and the batch path write the same doubles); they are rounded to float8 before dividing.
const RECORD_COLUMNS = {
  vector: `v(valence numeric, arousal numeric, emotions jsonb)`,
  emotions: `e(${EMOTIONS.map((e) => `${e} numeric`).join(", ")})`,
};
const col = (d: Dimension) => (d === "valence" || d === "arousal" ? `v.${d}` : `e.${d}`);
const f8 = (x: number) => `${x}::float8`;

// Every expression below is generated from the fixed DIMENSIONS list (constants, never input).
const SUM_COLUMNS = DIMENSIONS.map((d) => `sum(${col(d)}) as x_${d}, sum(${col(d)} * ${col(d)}) as q_${d}`).join(", ");
const STAT_COLUMNS = DIMENSIONS.map(
  (d) =>
    `sum(x_${d})::float8 / sum(n) as m_${d}, ` +
    `case when sum(n) > 1 then sqrt(greatest((sum(n) * sum(q_${d}) - sum(x_${d}) * sum(x_${d}))::float8 / (sum(n) * (sum(n) - 1)), 0)) else 0::float8 end as s_${d}`,
).join(", ");
const diff = (d: Dimension) => `(dd.x_${d}::float8 / dd.n - c.m_${d})`;
const scaled = (d: Dimension) => `(${diff(d)} * ${d === "valence" ? f8(0.5) : f8(1)})`;
// Same order of additions as the JS loop, so the deviation is the same double.
const DEVIATION = `sqrt(${DIMENSIONS.map((d) => `${scaled(d)} * ${scaled(d)}`).join(" + ")})`;
// The dimension that deviates most; on a tie the first in DIMENSIONS order (greatest() returns one of its arguments,
// so the equality tests are exact).
const TOP_ABS = `greatest(${DIMENSIONS.map((d) => `abs(${scaled(d)})`).join(", ")})`;
const TOP_DIMENSION = `case ${DIMENSIONS.map((d) => `when abs(${scaled(d)}) = ${TOP_ABS} then '${d}'`).join(" ")} end`;
const TOP_DELTA = `case ${DIMENSIONS.map((d) => `when abs(${scaled(d)}) = ${TOP_ABS} then ${diff(d)}`).join(" ")} end`;
const STATS_JSON = `jsonb_build_object(${DIMENSIONS.map((d) => `'${d}', jsonb_build_object('mean', c.m_${d}, 'std', c.s_${d})`).join(", ")})`;
const MEAN_VECTOR_JSON = `jsonb_build_object('valence', c.m_valence, 'arousal', c.m_arousal, 'emotions', jsonb_build_object(${EMOTIONS.map((e) => `'${e}', c.m_${e}`).join(", ")}))`;

// Per dimension, the difference of means and Welch's standard error against the previous period (computed once).
const SHIFT_PARTS = DIMENSIONS.map((d) => `pv.m_${d} as pm_${d}, c.m_${d} - pv.m_${d} as dl_${d}, sqrt(c.s_${d} * c.s_${d} / c.n + pv.s_${d} * pv.s_${d} / pv.n) as se_${d}`).join(", ");

function shiftJson(d: Dimension): string {
  const [delta, se] = [`sh.dl_${d}`, `sh.se_${d}`];
  const enough = `(c.n >= 2 and sh.pn >= 2)`;
  const t = `case when ${enough} and ${se} > 0 then ${delta} / ${se} end`;
  const clear = `case when ${enough} and ${se} > 0 then abs(${delta} / ${se}) >= ${f8(PERIOD_DEFAULTS.tThreshold)} else ${enough} and ${se} = 0 end`;
  return `'${d}', jsonb_build_object('previousMean', sh.pm_${d}, 'delta', ${delta}, 't', ${t},
    'significant', (${clear}) and abs(${delta}) >= ${f8(PERIOD_DEFAULTS.minShift)},
    'direction', case when abs(${delta}) < ${f8(1e-9)} then 'flat' when ${delta} > 0 then 'up' else 'down' end)`;
}
const SHIFTS_JSON = `jsonb_build_object(${DIMENSIONS.map(shiftJson).join(",\n")})`;

export interface PeriodAggregationResult {
  /** Users whose aggregate was written. */
  stored: string[];
  /** Listed users without a counted session in the period: their aggregate and insight were removed. */
  empty: string[];
  /** The first stored user's aggregate (what a single-user recompute returns). */
  first: { aggregate: PeriodAggregate; analysisVersion: string } | null;
}

export class MixedAnalysisVersionsError extends Error {
  constructor(readonly userId: string, readonly versions: string) {
    super(`sessions mix analysis versions: ${versions} (user ${userId})`);
    this.name = "MixedAnalysisVersionsError";
  }
}

/**
 * The planner's row estimates for the aggregation are far too high, which makes PostgreSQL JIT-compile it (~10 s per
 * batch measured); the statement is cheap to interpret. Sorts and hashes of a batch fit in 64 MB. The CTEs are
 * materialized: each is computed once per statement. Without statistics on the intermediate results (PGlite, fresh
 * tables) the planner guesses one row each and picks nested loops that re-run whole subtrees per user (minutes for
 * 2,000 users); every join here is by user id.
 */
const PERIOD_AGGREGATION_SETTINGS: PlannerSettings = { jit: "off", work_mem: "64MB", enable_nestloop: "off" };

/**
 * Recomputes and stores the period containing `anchor` for the listed users of one project: one statement, run in a
 * transaction, so a refused batch (sessions of one period mixing analysis versions) writes nothing.
 */
export async function aggregatePeriodsInDb(
  db: Db,
  projectId: string,
  userIds: readonly string[],
  granularity: Granularity,
  anchor: Date,
): Promise<PeriodAggregationResult> {
  if (userIds.length === 0) return { stored: [], empty: [], first: null };
  return withPlannerSettings(db, PERIOD_AGGREGATION_SETTINGS, async (tx) => {
    type Row = { stored: string[] | null; empty: string[] | null; first: PeriodAggregationResult["first"]; mixed_user: string | null; mixed_versions: string | null };
    const [row] = rowsOf<Row>(
      await tx.execute(periodAggregationSql(projectId, userIds, granularity, anchor)),
    );
    if (row?.mixed_user) throw new MixedAnalysisVersionsError(row.mixed_user, row.mixed_versions ?? "");
    return { stored: row?.stored ?? [], empty: row?.empty ?? [], first: row?.first ?? null };
  });
}

/** The statement behind `aggregatePeriodsInDb` (exported for EXPLAIN in benchmarks). */
export function periodAggregationSql(projectId: string, userIds: readonly string[], granularity: Granularity, anchor: Date) {
  const range = periodRange(anchor, granularity);
  const prev = previousPeriodRange(anchor, granularity);
  const users = textArray(userIds);
  const start = range.start.toISOString();
  return sql`
    with g as (
      select x.user_id, x.started_at >= ${start}::timestamptz as cur, (x.started_at at time zone 'UTC')::date as day, count(*)::int as n,
             min(x.analysis_version) as v_min, max(x.analysis_version) as v_max, jsonb_agg(x.patterns) as patterns, ${sql.raw(SUM_COLUMNS)}
      from spectrum_session_aggregates x
      cross join lateral jsonb_to_record(x.vector) as ${sql.raw(RECORD_COLUMNS.vector)}
      cross join lateral jsonb_to_record(v.emotions) as ${sql.raw(RECORD_COLUMNS.emotions)}
      where x.project_id = ${projectId}::uuid and x.user_id = any(${users}::text[])
        and x.started_at >= ${prev.start.toISOString()}::timestamptz and x.started_at < ${range.end.toISOString()}::timestamptz
        and not exists (select 1 from spectrum_resets r where r.project_id = x.project_id and r.user_id = x.user_id and r.reset_at > x.started_at)
        and not exists (select 1 from spectrum_exclusions e where e.project_id = x.project_id and e.user_id = x.user_id
                        and (e.session_id = x.session_id or (x.started_at >= e.from_at and x.started_at < e.to_at)))
      group by 1, 2, 3
    ),
    st as (
      select user_id, cur, sum(n)::int as n, count(*)::int as ndays, min(v_min) as v, min(v_min) <> max(v_max) as mixed, min(v_min) || ', ' || max(v_max) as versions,
             ${sql.raw(STAT_COLUMNS)}
      from g group by user_id, cur
    ),
    c as (select * from st where cur),
    pv as (select * from st where not cur),
    sh as materialized (select c.user_id, pv.n as pn, pv.v as pv_v, ${sql.raw(SHIFT_PARTS)} from c join pv on pv.user_id = c.user_id),
    dev as materialized (
      select dd.user_id, dd.day, ${sql.raw(DEVIATION)} as deviation
      from g dd join c on c.user_id = dd.user_id
      where dd.cur and c.ndays >= 2
    ),
    top as materialized (
      select user_id, day, deviation
      from (select dev.*, row_number() over (partition by user_id order by deviation desc, day) as rk
            from dev where deviation >= ${PERIOD_DEFAULTS.minDayDeviation}::float8) r
      where rk <= ${PERIOD_DEFAULTS.maxNotableDays}
    ),
    nd as materialized (
      select t.user_id,
             jsonb_agg(jsonb_build_object('date', to_char(t.day, 'YYYY-MM-DD'), 'sessionCount', dd.n, 'deviation', t.deviation,
                                          'topDimension', ${sql.raw(TOP_DIMENSION)}, 'topDelta', ${sql.raw(TOP_DELTA)}) order by t.deviation desc, t.day) as days
      from top t join g dd on dd.user_id = t.user_id and dd.day = t.day and dd.cur join c on c.user_id = t.user_id
      group by t.user_id
    ),
    pats as materialized (
      select pc.user_id, jsonb_object_agg(pc.pattern, pc.k::float8 / c.n) as shares
      from (select g.user_id, p.pattern, count(*) as k
            from g cross join lateral jsonb_array_elements(g.patterns) sess(list)
            cross join lateral (select distinct jsonb_array_elements_text(sess.list) as pattern) p
            where g.cur group by 1, 2) pc
      join c on c.user_id = pc.user_id
      group by pc.user_id
    ),
    ins as (
      insert into spectrum_period_aggregates
        (project_id, user_id, granularity, period_key, period_start, period_end, session_count, mean_vector, aggregate, analysis_version)
      select ${projectId}::uuid, c.user_id, ${granularity}, ${range.key}, ${start}::timestamptz, ${range.end.toISOString()}::timestamptz, c.n,
             ${sql.raw(MEAN_VECTOR_JSON)},
             jsonb_build_object(
               'analysisVersion', c.v, 'sessionCount', c.n, 'stats', ${sql.raw(STATS_JSON)},
               'patternShares', coalesce(pats.shares, '{}'::jsonb),
               'shifts', case when sh.pn is not null and sh.pv_v = c.v then ${sql.raw(SHIFTS_JSON)} end,
               'notableDays', coalesce(nd.days, '[]'::jsonb))
             || case when sh.pn is null then '{"shiftsUnavailable":"no-previous-period"}'::jsonb
                     when sh.pv_v <> c.v then '{"shiftsUnavailable":"version-mismatch"}'::jsonb else '{}'::jsonb end,
             c.v || ${`+${PERIOD_AGGREGATION_VERSION}`}
      from c left join sh on sh.user_id = c.user_id left join pats on pats.user_id = c.user_id left join nd on nd.user_id = c.user_id
      on conflict (project_id, user_id, granularity, period_key) do update set
        period_start = excluded.period_start, period_end = excluded.period_end, session_count = excluded.session_count,
        mean_vector = excluded.mean_vector, aggregate = excluded.aggregate, analysis_version = excluded.analysis_version, computed_at = now()
      returning user_id, aggregate, analysis_version
    ),
    gone as (select u.user_id from unnest(${users}::text[]) u(user_id) where not exists (select 1 from c where c.user_id = u.user_id)),
    del_aggregates as (
      delete from spectrum_period_aggregates a
      where a.project_id = ${projectId}::uuid and a.user_id = any(${users}::text[]) and not exists (select 1 from c where c.user_id = a.user_id) and a.granularity = ${granularity} and a.period_key = ${range.key}
      returning 1
    ),
    del_insights as (
      delete from spectrum_insights i
      where i.project_id = ${projectId}::uuid and i.user_id = any(${users}::text[]) and not exists (select 1 from c where c.user_id = i.user_id) and i.kind = ${insightKind(granularity)} and i.period_key = ${range.key}
      returning 1
    )
    select (select array_agg(user_id order by user_id) from ins) as stored,
           (select jsonb_build_object('aggregate', aggregate, 'analysisVersion', analysis_version) from ins order by user_id limit 1) as first,
           (select array_agg(user_id order by user_id) from gone) as empty,
           (select count(*) from del_aggregates) + (select count(*) from del_insights) as deleted,
           m.user_id as mixed_user, m.versions as mixed_versions
    from (select 1) one left join lateral (select user_id, versions from st where mixed order by user_id limit 1) m on true`;
}
