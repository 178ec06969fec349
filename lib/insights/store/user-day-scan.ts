/**
 * Saved cohorts in root cause analysis from the per-user daily tier (./user-day-rollups.ts): a grouping set of
 * cohort dimensions (with plan or country, also properties of the user) is answered from the rows of each user and
 * whole built day of the windows, each user's row put in "<cohort>" or "not in <cohort>" by the cohort's stored
 * membership now (its last refresh, as the raw scan does), and from the traces for the rest of the windows (partial
 * days, days not built). Exactly what `scanSegments` answers for sums and ratios; percentiles from the merged latency
 * sketches, like the segment rollups. Sets that pair a cohort with a dimension of the trace (model, release, ...) are
 * not held per user and read the traces.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { type Dimension, isCohortDimension } from "../root-cause/dimensions";
import { ROOT_CAUSE_METRICS, type RootCauseMetric } from "../root-cause/metrics";
import { splitDays } from "./day-rollups";
import { dimensionColumns, dimensionExpr, groupingOf, mergeSegmentRows, needsProfile, scanLatencySketches, scanSegments, type SegmentRow, type SegmentScan, type SketchRow, type Window } from "./segments";
import { ROLLUP_MEASURES } from "./trace-measures";

const ofUser = (d: Dimension) => isCohortDimension(d) || d === "plan" || d === "country";

/** Whether the per-user tier answers a grouping set: trace metrics it holds, a cohort set of user properties, filters on user properties only. */
export function userTierServes(s: SegmentScan, set: Dimension[]): boolean {
  const metric: RootCauseMetric = ROOT_CAUSE_METRICS[s.metric];
  if (metric.grain !== "trace" || (metric.kind !== "percentile" && ROLLUP_MEASURES[s.metric] === undefined)) return false;
  return set.some(isCohortDimension) && set.every(ofUser) && (s.filters ?? []).every((f) => ofUser(f.dimension));
}

/** The sets the per-user tier answers, and the others. */
export function splitUserSets(s: SegmentScan, sets: Dimension[][]): { user: Dimension[][]; other: Dimension[][] } {
  return { user: sets.filter((set) => userTierServes(s, set)), other: sets.filter((set) => !userTierServes(s, set)) };
}

/** The whole built days of the windows, and the rest (read from the traces). */
async function splitWindows(db: Db, s: SegmentScan): Promise<{ days: Window[]; rest: Window[] }> {
  const { days, hours } = await splitDays(db, s.projectId, s.ranges ?? [s.baseline, s.current], []);
  return { days, rest: hours };
}

/** The per-user rows of the days (alias tr, so the dimension expressions apply) with `select` and the grouping columns, grouped per window and set. */
async function readUserDays(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]>, days: Window[], q: { base: SQL; lateral?: SQL; extra?: SQL[]; select: SQL }) {
  const metric: RootCauseMetric = ROOT_CAUSE_METRICS[s.metric];
  const g = groupingOf(sets, only, q.extra);
  const profile = needsProfile([...sets.flat(), ...(s.filters ?? []).map((f) => f.dimension)]) ? sql` left join end_users eu on eu.project_id = tr.project_id and eu.user_id = tr.user_id` : sql``;
  const filters = (s.filters ?? []).map((f) => sql` and ${dimensionExpr(metric, f.dimension)} = ${f.value}`);
  const inDays = sql.join(days.map((d) => sql`${d.from.toISOString()}::timestamptz`), sql`, `);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with base as (
        select (tr.day >= ${s.current.from.toISOString()}::timestamptz) as cur, ${q.base}, ${sql.join(dimensionColumns(metric, g.columns), sql`, `)}
        from root_cause_user_day_rollups tr${profile}${q.lateral ?? sql``}
        where tr.project_id = ${s.projectId} and tr.day in (${inDays})${sql.join(filters, sql``)})
      select ${g.groupingMask}::int as mask, cur, ${q.select}${g.valueCols}
      from base group by grouping sets (${g.groupingSets})`),
  );
  return rows.flatMap((r) => {
    const seg = g.read(r);
    return seg ? [{ ...seg, current: Boolean(r.cur), row: r }] : [];
  });
}

/** `scanSegments` of cohort sets (sums and ratios): the per-user tier's whole days plus the traces of the rest. */
export async function scanUserSegments(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]>): Promise<SegmentRow[]> {
  const { days, rest } = await splitWindows(db, s);
  const m = ROLLUP_MEASURES[s.metric]!;
  const col = (c: string) => sql`tr.${sql.identifier(c)}`;
  const base = sql`${col(m.num)} as num, ${col(m.den)} as den, ${col(m.num2)} as num2, ${col(m.den2)} as den2, ${col(m.numDen)} as num_den`;
  const select = sql`sum(num)::float8 as num, sum(den)::float8 as den, sum(num2)::float8 as num2, sum(den2)::float8 as den2, sum(num_den)::float8 as num_den`;
  const [tier, raw] = await Promise.all([
    days.length > 0 ? readUserDays(db, s, sets, only, days, { base, select }) : [],
    rest.length > 0 ? scanSegments(db, { ...s, ranges: rest }, sets, only) : [],
  ]);
  const rolled = tier.map(({ row: r, ...seg }) => ({ ...seg, num: Number(r.num), den: Number(r.den), num2: Number(r.num2), den2: Number(r.den2), numDen: Number(r.num_den), quantile: null }));
  return mergeSegmentRows([...rolled, ...raw]);
}

/** `scanLatencySketches` of cohort sets: the per-user sketches of whole days merged, the traces of the rest bucketed alike. */
export async function scanUserSketches(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]>): Promise<SketchRow[]> {
  const { days, rest } = await splitWindows(db, s);
  const [tier, raw] = await Promise.all([
    days.length > 0
      ? readUserDays(db, s, sets, only, days, { base: sql`u.bucket, u.n`, lateral: sql` left join lateral unnest(tr.lat_bins, tr.lat_counts) as u(bucket, n) on true`, extra: [sql`bucket`], select: sql`bucket, coalesce(sum(n), 0)::float8 as n` })
      : [],
    rest.length > 0 ? scanLatencySketches(db, { ...s, ranges: rest }, sets, only) : [],
  ]);
  return [...tier.map(({ row: r, ...seg }) => ({ ...seg, bucket: r.bucket === null ? null : Number(r.bucket), count: Number(r.n) })), ...raw];
}
