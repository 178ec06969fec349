/**
 * Root cause rollups: per project and hour, what every root cause metric needs for each dimension value, value pair
 * and series triple, so an analysis over 1M traces reads O(values × hours) rows, not O(traces):
 * - trace grain (root_cause_rollups): the additive sums of the sum/ratio metrics, the thumbs ratings of the traces
 *   (votes, downs and their second moments), and a latency sketch (../root-cause/sketch.ts) for the percentiles;
 * - event grain (root_cause_event_rollups): event counts per name and thumbs value, from which every event metric
 *   (sessions, messages, event error rate, feedback thumbs-down rate) is a sum, whatever the project's metric roles.
 * Dimensions: the built-ins and up to MAX_ROLLUP_KEYS of the metadata keys the project marks (the keys each hour was
 * rolled up with are stored with it; an analysis on another key reads the raw rows).
 * `scanSegmentsFast` answers what `scanSegments` answers: the hours of the windows that were rolled up after they
 * closed (and not marked stale since: a late rating, see ./rollup-staleness.ts) come from the rollups, the rest (the
 * hour still open, partial hours at the windows' edges, hours the job has not reached) from the raw rows, and the two
 * are added up. Exactly for sums and ratios; percentiles are read from the merged sketches on both sides
 * (`scanPercentileFast`), within the sketch's relative error of the exact `scanSegments`. Saved cohorts (alone,
 * with user properties or paired with one trace dimension) are read from the per-user daily tier instead
 * (./user-day-scan.ts), split by their membership when read; other cohort sets (under a trace-dimension filter) from
 * the traces.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { type BuiltinDimension, type Dimension, EVENT_DIMENSIONS, isMetadataDimension, METADATA_PREFIX, TRACE_DIMENSIONS } from "../root-cause/dimensions";
import { ROOT_CAUSE_METRICS, type RootCauseMetric } from "../root-cause/metrics";
import { addToSketch, countAbove, quantileBucket, type Sketch, sketchCount, sketchQuantile } from "../root-cause/sketch";
import { eventCountMeasures } from "./event-measures";
import { dimensionExpr, mergeSegmentRows, scanLatencySketches, scanSegments, type SegmentRow, type SegmentScan, type SketchRow, traceDimensionJoins, type Window } from "./segments";
import { projectDimensionKeys } from "./settings";
import { bucketsWithTraces } from "./sketch-sql";
import { buildDayRollups, dropDays, ROLLUP_TIERS, splitDays, toTextArray } from "./day-rollups";
import { ROLLUP_REFRESH_MS } from "./rollup-staleness";
import { scanUserSegments, scanUserSketches, splitUserSets } from "./user-day-scan";
import { BUCKET_SUMS, ROLLUP_MEASURES, ROW_COLUMNS, ROW_SUMS, type Sums, traceMeasureRows } from "./trace-measures";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The job recomputes this much recent history on every run (late spans land there), like the monitoring rollups. */
export const SEGMENT_ROLLUP_REFRESH_MS = ROLLUP_REFRESH_MS;
/** ...and fills hours it has never rolled up (or that were marked stale) this far back. */
export const SEGMENT_ROLLUP_HISTORY_MS = 30 * DAY;
/** At most this many of a project's metadata keys are rolled up (each adds its value pairs with every dimension). */
export const MAX_ROLLUP_KEYS = 4;

/** The series dimensions an anomaly's analysis can be filtered on (lib/insights/root-cause/anomaly-windows.ts). */
export const SERIES_DIMENSIONS: readonly BuiltinDimension[] = ["model", "environment"];
const pairsOf = (idx: number[]) => idx.flatMap((a, i) => idx.slice(i + 1).map((b) => [a, b]));

/** The metadata keys a project's rollups hold: the first MAX_ROLLUP_KEYS it marks, in alphabetical order. */
export const rolledKeys = (keys: string[]) => [...new Set(keys)].slice(0, MAX_ROLLUP_KEYS).sort();
const meta = (keys: string[]) => rolledKeys(keys).map((k) => `${METADATA_PREFIX}${k}` as Dimension);
/** The dimensions of each grain's rollups, in their stored order (built-ins, then metadata keys alphabetically). */
const rolledDims = (grain: "trace" | "event", keys: string[]): Dimension[] => [...(grain === "trace" ? TRACE_DIMENSIONS : EVENT_DIMENSIONS), ...meta(keys)];
/** Stored order of any two dimensions, whatever keys an hour was rolled up with (built-ins first, metadata keys alphabetically). */
function storedOrder(a: Dimension, b: Dimension): number {
  const rank = (d: Dimension) => (isMetadataDimension(d) ? TRACE_DIMENSIONS.length : (TRACE_DIMENSIONS as readonly string[]).indexOf(d));
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Every grouping set the rollups hold, as indexes into the dimensions (ascending): the total, each dimension, each
 * pair, and (trace grain) each pair within a series dimension's value (triples), so an anomaly's two-dimension pass
 * is served too.
 */
function rollupSets(dims: Dimension[], triples: boolean): number[][] {
  const all = dims.map((_, i) => i);
  const sets = [[], ...all.map((i) => [i]), ...pairsOf(all)];
  if (!triples) return sets;
  const seen = new Set(sets.map((x) => x.join()));
  for (const f of SERIES_DIMENSIONS.map((d) => dims.indexOf(d))) {
    for (const pair of pairsOf(all.filter((i) => i !== f))) {
      const triple = [f, ...pair].sort((a, b) => a - b);
      if (!seen.has(triple.join())) {
        sets.push(triple);
        seen.add(triple.join());
      }
    }
  }
  return sets;
}

const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR) * HOUR);
const ceilHour = (d: Date) => new Date(Math.ceil(d.getTime() / HOUR) * HOUR);

/**
 * Whether an analysis can read the rollups: every dimension (and the series filter) among the grain's rolled-up
 * dimensions for the project's keys. A series filter is one more fixed dimension: served from the pairs for the total
 * and single dimensions, and (trace grain) from the triples for the two-dimension pass when it is a series dimension
 * (model, environment).
 */
export function rollupsServe(s: SegmentScan, sets: Dimension[][], keys: string[] = []): boolean {
  const metric: RootCauseMetric = ROOT_CAUSE_METRICS[s.metric];
  // Custom metric points are not rolled up here (the monitoring rollups hold their means, not their sums per segment).
  if (metric.grain === "point") return false;
  if (metric.grain === "trace" && metric.kind !== "percentile" && ROLLUP_MEASURES[s.metric] === undefined) return false;
  const dims = rolledDims(metric.grain, keys) as string[];
  const filters = s.filters ?? [];
  if (![...sets.flat(), ...filters.map((f) => f.dimension)].every((d) => dims.includes(d))) return false;
  if (filters.length === 0) return true;
  const [f] = filters;
  const maxSet = metric.grain === "trace" && SERIES_DIMENSIONS.includes(f.dimension as BuiltinDimension) ? 2 : 1;
  return filters.length === 1 && sets.every((set) => set.length <= maxSet && !set.includes(f.dimension));
}

/**
 * Recomputes both grains' rollups of every hour in [from, to) (rounded out to whole hours), a day per statement, then
 * the daily tier of the days it touched that are whole (./day-rollups.ts).
 */
export async function recomputeSegmentRollups(db: Db, projectId: string, from: Date, to: Date, now = new Date()): Promise<{ hours: number; rows: number; days: number }> {
  const start = floorHour(from), end = ceilHour(to);
  const keys = rolledKeys(await projectDimensionKeys(db, projectId));
  let rows = 0;
  for (let a = start.getTime(); a < end.getTime(); a += DAY) {
    const chunk = { from: new Date(a), to: new Date(Math.min(a + DAY, end.getTime())) };
    const inChunk = sql`hour >= ${chunk.from.toISOString()}::timestamptz and hour < ${chunk.to.toISOString()}::timestamptz`;
    rows += await db.transaction(async (tx) => {
      await tx.execute(sql`delete from root_cause_rollups where project_id = ${projectId} and ${inChunk}`);
      await tx.execute(sql`delete from root_cause_event_rollups where project_id = ${projectId} and ${inChunk}`);
      for (const stmt of dropDays(projectId, chunk.from, chunk.to)) await tx.execute(stmt);
      const traces = rowsOf<{ n: number }>(await tx.execute(rollupInsert(projectId, chunk, keys)));
      const events = rowsOf<{ n: number }>(await tx.execute(eventRollupInsert(projectId, chunk, keys)));
      await tx.execute(sql`
        insert into root_cause_rollup_hours (project_id, hour, computed_at, dimension_keys)
        select ${projectId}::uuid, h, ${now.toISOString()}::timestamptz, ${toTextArray(keys)}
        from generate_series(${chunk.from.toISOString()}::timestamptz, ${new Date(chunk.to.getTime() - HOUR).toISOString()}::timestamptz, interval '1 hour') h
        on conflict (project_id, hour) do update set computed_at = excluded.computed_at, dimension_keys = excluded.dimension_keys`);
      return Number(traces[0]?.n ?? 0) + Number(events[0]?.n ?? 0);
    });
  }
  const days = await buildDayRollups(db, projectId, start, end, keys, now);
  return { hours: Math.round((end.getTime() - start.getTime()) / HOUR), rows, days };
}

const ident = (i: number) => sql.identifier(`d${i}`);
/** grouping() of a set: bit set = column not grouped; the first column is the most significant bit. */
const maskOf = (dims: Dimension[], set: number[]) => dims.reduce((m, _, i) => (set.includes(i) ? m : m | (1 << (dims.length - 1 - i))), 0);
/** The dim_x / value_x column of a grouped row: its `at`-th grouped dimension's name or value, '' past its last. */
function pick(dims: Dimension[], sets: number[][], mask: SQL, at: number, what: "dim" | "value"): SQL {
  const arms = sets.filter((s) => s.length > at).map((s) => sql`when ${sql.raw(String(maskOf(dims, s)))} then ${what === "dim" ? sql`${dims[s[at]]}::text` : ident(s[at])}`);
  return arms.length > 0 ? sql`case ${mask} ${sql.join(arms, sql` `)} else '' end` : sql`''`;
}
const groupingSetsOf = (sets: number[][], lead: SQL[]) => sql.join(sets.map((set) => sql`(${sql.join([...lead, ...set.map(ident)], sql`, `)})`), sql`, `);
const dimCols = (dims: Dimension[]) => sql.join(dims.map((_, i) => ident(i)), sql`, `);

/**
 * One day's trace rollups: per trace its measures, ratings and sketch bucket; grouped per (hour, bucket) and set,
 * then per (hour) and set, so a row's sums are whole and its sketch lists its non-empty buckets.
 */
function rollupInsert(projectId: string, w: Window, keys: string[]): SQL {
  const metric = ROOT_CAUSE_METRICS.traces;
  const dims = rolledDims("trace", keys);
  const sets = rollupSets(dims, true);
  const cols = dims.map((d, i) => sql`${dimensionExpr(metric, d)} as ${ident(i)}`);
  const hour = sql`date_bin('1 hour', tr.timestamp, timestamptz '2000-01-01 00:00:00+00') as hour`;
  return sql`
    with base as (${traceMeasureRows(projectId, w, [hour, ...cols], traceDimensionJoins(projectId, w.from, w.to, dims))}
    ), by_bucket as (
      select grouping(${dimCols(dims)})::int as mask, hour, bucket, ${dimCols(dims)}, ${BUCKET_SUMS}
      from base group by grouping sets (${groupingSetsOf(sets, [sql`hour`, sql`bucket`])})
    ), ins as (
      insert into root_cause_rollups (project_id, hour, dim_a, value_a, dim_b, value_b, dim_c, value_c, ${ROW_COLUMNS})
      select ${projectId}::uuid, hour, ${pick(dims, sets, sql`mask`, 0, "dim")}, ${pick(dims, sets, sql`mask`, 0, "value")}, ${pick(dims, sets, sql`mask`, 1, "dim")},
        ${pick(dims, sets, sql`mask`, 1, "value")}, ${pick(dims, sets, sql`mask`, 2, "dim")}, ${pick(dims, sets, sql`mask`, 2, "value")}, ${ROW_SUMS}
      from by_bucket group by mask, hour, ${dimCols(dims)}
      returning 1
    ) select count(*)::int as n from ins`;
}

/** One day's event rollups: events per hour, name, thumbs value and plan/country/metadata value or value pair. */
function eventRollupInsert(projectId: string, w: Window, keys: string[]): SQL {
  const metric = ROOT_CAUSE_METRICS.sessions;
  const dims = rolledDims("event", keys);
  const sets = rollupSets(dims, false);
  const cols = dims.map((d, i) => sql`${dimensionExpr(metric, d)} as ${ident(i)}`);
  const mask = sql`grouping(${dimCols(dims)})`;
  return sql`
    with ins as (
      insert into root_cause_event_rollups (project_id, hour, name, thumbs, dim_a, value_a, dim_b, value_b, events)
      select ${projectId}::uuid, hour, name, thumbs, ${pick(dims, sets, mask, 0, "dim")}, ${pick(dims, sets, mask, 0, "value")},
        ${pick(dims, sets, mask, 1, "dim")}, ${pick(dims, sets, mask, 1, "value")}, count(*)::float8
      from (
        select date_bin('1 hour', e.timestamp, timestamptz '2000-01-01 00:00:00+00') as hour, e.name,
          case when e.properties->>'thumbs' in ('up', 'down') then e.properties->>'thumbs' else '' end as thumbs, ${sql.join(cols, sql`, `)}
        from events e left join end_users eu on eu.project_id = e.project_id and eu.user_id = e.user_id
        where e.project_id = ${projectId} and e.timestamp >= ${w.from.toISOString()}::timestamptz and e.timestamp < ${w.to.toISOString()}::timestamptz
      ) base
      group by grouping sets (${groupingSetsOf(sets, [sql`hour`, sql`name`, sql`thumbs`])})
      returning 1
    ) select count(*)::int as n from ins`;
}

/**
 * The job's pass: recompute the last 48 hours (late data), then fill the hours of the last 30 days not rolled up
 * after they closed with the project's current metadata keys (never rolled up, marked stale by a late rating, or
 * rolled up before a key was marked).
 */
export async function refreshSegmentRollups(db: Db, projectId: string, now = new Date()) {
  const recentFrom = floorHour(new Date(now.getTime() - SEGMENT_ROLLUP_REFRESH_MS));
  const historyFrom = floorHour(new Date(now.getTime() - SEGMENT_ROLLUP_HISTORY_MS));
  const keys = rolledKeys(await projectDimensionKeys(db, projectId));
  const covered = await coveredHours(db, projectId, historyFrom, recentFrom, keys);
  const gaps = complement([{ from: historyFrom, to: recentFrom }], covered);
  let hours = 0, rows = 0, days = 0;
  for (const g of [...gaps, { from: recentFrom, to: now }]) {
    const r = await recomputeSegmentRollups(db, projectId, g.from, g.to, now);
    hours += r.hours;
    rows += r.rows;
    days += r.days;
  }
  // Days whose hours were all rolled up by earlier passes but which are not built (dropped by a migration, say).
  days += await buildDayRollups(db, projectId, historyFrom, recentFrom, keys, now);
  return { hours, rows, days };
}

/** Whole hours in [from, to) rolled up after they closed with (at least) the given metadata keys, merged into ranges. */
export async function coveredHours(db: Db, projectId: string, from: Date, to: Date, keys: string[] = []): Promise<Window[]> {
  const rows = rowsOf<{ hour: Date | string }>(
    await db.execute(sql`
      select hour from root_cause_rollup_hours
      where project_id = ${projectId} and hour >= ${floorHour(from).toISOString()}::timestamptz and hour < ${to.toISOString()}::timestamptz
        and computed_at >= hour + interval '1 hour'${keys.length > 0 ? sql` and dimension_keys @> ${toTextArray(keys)}` : sql``}
      order by hour`),
  );
  const ranges: Window[] = [];
  for (const r of rows) {
    const h = new Date(r.hour).getTime();
    if (h < from.getTime() || h + HOUR > to.getTime()) continue;
    const last = ranges[ranges.length - 1];
    if (last && last.to.getTime() === h) last.to = new Date(h + HOUR);
    else ranges.push({ from: new Date(h), to: new Date(h + HOUR) });
  }
  return ranges;
}

/** The parts of `windows` outside the sorted, disjoint `covered` ranges. */
export function complement(windows: Window[], covered: Window[]): Window[] {
  const out: Window[] = [];
  for (const w of windows) {
    let at = w.from.getTime();
    for (const c of covered) {
      if (c.to.getTime() <= at || c.from.getTime() >= w.to.getTime()) continue;
      if (c.from.getTime() > at) out.push({ from: new Date(at), to: c.from });
      at = Math.max(at, c.to.getTime());
    }
    if (at < w.to.getTime()) out.push({ from: new Date(at), to: w.to });
  }
  return out;
}

/** The parts of the windows the rollups serve for this scan: whole days from the daily tier, the other hours. */
interface Covered {
  hours: Window[];
  days: Window[];
}

/** The parts of the windows the rollups serve for this scan (none when they do not serve it), and the rest. */
async function split(db: Db, s: SegmentScan, sets: Dimension[][]): Promise<{ covered: Covered | null; uncovered: Window[] }> {
  const windows = [s.baseline, s.current];
  if (!rollupsServe(s, sets, await projectDimensionKeys(db, s.projectId))) return { covered: null, uncovered: windows };
  const used = [...new Set([...sets.flat(), ...(s.filters ?? []).map((f) => f.dimension)].filter(isMetadataDimension).map((d) => d.slice(METADATA_PREFIX.length)))];
  const covered = (await Promise.all(windows.map((w) => coveredHours(db, s.projectId, w.from, w.to, used)))).flat();
  if (covered.length === 0) return { covered: null, uncovered: windows };
  return { covered: await splitDays(db, s.projectId, covered, used), uncovered: complement(windows, covered) };
}

/**
 * Cohort sets split off a scan: those the per-user tiers serve read by `user`, the other cohort sets by `raw` (the
 * traces), the rest by `rest`; null when there is nothing to split off (no cohort set, or only cohort sets for `raw`).
 */
async function withUserSets<T>(s: SegmentScan, sets: Dimension[][], user: (sets: Dimension[][]) => Promise<T[]>, raw: (sets: Dimension[][]) => Promise<T[]>, rest: (sets: Dimension[][]) => Promise<T[]>): Promise<T[] | null> {
  const split = splitUserSets(s, sets);
  if (split.user.length === 0 && (split.raw.length === 0 || split.other.length === 0)) return null;
  const parts = await Promise.all([split.user.length > 0 ? user(split.user) : [], split.raw.length > 0 ? raw(split.raw) : [], split.other.length > 0 ? rest(split.other) : []]);
  return parts.flat();
}

/**
 * `scanSegments`, from the rollups where they cover the windows and from the raw rows elsewhere; percentiles from
 * the merged latency sketches (`scanPercentileFast`).
 */
export async function scanSegmentsFast(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]> = new Map()): Promise<SegmentRow[]> {
  const metric: RootCauseMetric = ROOT_CAUSE_METRICS[s.metric];
  if (metric.kind === "percentile") return scanPercentileFast(db, s, sets, only);
  const byUser = await withUserSets(s, sets, (u) => scanUserSegments(db, s, u, only), (r) => scanSegments(db, s, r, only), (o) => scanSegmentsFast(db, s, o, only));
  if (byUser) return byUser;
  const { covered, uncovered } = await split(db, s, sets);
  if (!covered) return scanSegments(db, s, sets, only);
  const [rolled, raw] = await Promise.all([
    metric.grain === "event" ? readEventRollups(db, s, sets, only, covered) : readRollups(db, s, sets, only, covered),
    uncovered.length > 0 ? scanSegments(db, { ...s, ranges: uncovered }, sets, only) : [],
  ]);
  return mergeSegmentRows([...rolled, ...raw]);
}

/**
 * A percentile metric's scan from latency sketches: per window and segment the merged sketch (rollups where they
 * cover, the traces elsewhere, bucketed the same way), then what the exact scan computes from it. The attributed
 * ratio is the share of timed traces above the baseline percentile (the threshold: the quantile of the whole
 * baseline's sketch, series filter or not, as in the exact scan); a segment counts the traces in buckets above the
 * threshold's bucket. Its percentile is its sketch's quantile, within the sketch's relative error of the exact one.
 */
export async function scanPercentileFast(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]> = new Map()): Promise<SegmentRow[]> {
  const q = (ROOT_CAUSE_METRICS[s.metric] as RootCauseMetric).quantile!;
  const needsTotal = (s.filters ?? []).length > 0 || !sets.some((set) => set.length === 0);
  const [rows, totalRows] = await Promise.all([sketchRows(db, s, sets, only), needsTotal ? sketchRows(db, { ...s, filters: undefined }, [[]], new Map()) : null]);
  const segments = new Map<string, { dims: Dimension[]; values: string[]; current: boolean; sketch: Sketch }>();
  for (const r of rows) {
    const k = `${r.current}\u0000${r.dims.join("\u0000")}\u0001${r.values.join("\u0000")}`;
    const seg = segments.get(k) ?? { dims: r.dims, values: r.values, current: r.current, sketch: new Map() };
    if (r.bucket !== null) addToSketch(seg.sketch, r.bucket, r.count);
    segments.set(k, seg);
  }
  const baselineTotal: Sketch = new Map();
  for (const r of totalRows ?? rows) if (!r.current && r.dims.length === 0 && r.bucket !== null) addToSketch(baselineTotal, r.bucket, r.count);
  const threshold = quantileBucket(baselineTotal, q);
  return [...segments.values()].map(({ dims, values, current, sketch }) => {
    const den = sketchCount(sketch);
    const num = threshold === null ? 0 : countAbove(sketch, threshold);
    return { dims, values, current, num, den, num2: num, den2: den, numDen: num, quantile: sketchQuantile(sketch, q) };
  });
}

async function sketchRows(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]>): Promise<SketchRow[]> {
  const dayTier = (daySets: Dimension[][], days: Window[]) => readDaySketches(db, s, daySets, only, days);
  const byUser = await withUserSets(s, sets, (u) => scanUserSketches(db, s, u, only, dayTier), (r) => scanLatencySketches(db, s, r, only), (o) => sketchRows(db, s, o, only));
  if (byUser) return byUser;
  const { covered, uncovered } = await split(db, s, sets);
  const [rolled, raw] = await Promise.all([
    covered ? readSketchRollups(db, s, sets, only, covered) : [],
    uncovered.length > 0 ? scanLatencySketches(db, { ...s, ranges: covered ? uncovered : s.ranges }, sets, only) : [],
  ]);
  return [...rolled, ...raw];
}

/**
 * The rollup rows of `sets` in the covered hours, grouped per window and stored set (plus `group`), with `select`'s
 * aggregates; each row named as `scanSegments` names it. Sets are stored in stored order; a set asked in another
 * order is read and named as asked. A series filter is one more dimension of the stored set, with its value fixed.
 */
async function readGrouped(
  db: Db,
  s: SegmentScan,
  sets: Dimension[][],
  only: Map<Dimension, string[]>,
  covered: Covered,
  table: { grain: keyof typeof ROLLUP_TIERS; width: 2 | 3; select: SQL; from?: SQL; where?: SQL; group?: SQL[] },
): Promise<{ dims: Dimension[]; values: string[]; current: boolean; row: Record<string, unknown> }[]> {
  const filter = s.filters?.[0];
  const fixed = new Map(only);
  if (filter) fixed.set(filter.dimension, [filter.value]);
  const letters = ["a", "b", "c"].slice(0, table.width);
  const canonical = sets.map((set) => [...set, ...(filter ? [filter.dimension] : [])].sort(storedOrder));
  const setCond = canonical.map((set) => {
    const conds = letters.map((l, i) => {
      const d = set[i] ?? "";
      const values = d ? fixed.get(d) : undefined;
      const col = sql.identifier(`value_${l}`);
      return sql`${sql.identifier(`dim_${l}`)} = ${d}${values ? sql` and ${col} in (${sql.join(values.map((v) => sql`${v}`), sql`, `)})` : sql``}`;
    });
    return sql`(${sql.join(conds, sql` and `)})`;
  });
  const where = (time: string, ranges: Window[]) => {
    const inRanges = sql.join(ranges.map((c) => sql`(${sql.identifier(time)} >= ${c.from.toISOString()}::timestamptz and ${sql.identifier(time)} < ${c.to.toISOString()}::timestamptz)`), sql` or `);
    return sql`project_id = ${s.projectId} and (${sql.join(setCond, sql` or `)}) and (${inRanges})${table.where ? sql` and ${table.where}` : sql``}`;
  };
  // The hours' rows and the whole days' rows of the daily tier, as one source timed by t.
  const tier = ROLLUP_TIERS[table.grain];
  const branches = [
    ...(covered.hours.length > 0 ? [sql`select hour as t, ${tier.columns} from ${sql.identifier(tier.hourly)} where ${where("hour", covered.hours)}`] : []),
    ...(covered.days.length > 0 ? [sql`select day as t, ${tier.columns} from ${sql.identifier(tier.daily)} where ${where("day", covered.days)}`] : []),
  ];
  const dimValueCols = sql.join(letters.flatMap((l) => [sql.identifier(`dim_${l}`), sql.identifier(`value_${l}`)]), sql`, `);
  const extra = table.group ?? [];
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select (t >= ${s.current.from.toISOString()}::timestamptz) as cur, ${dimValueCols}${sql.join(extra.map((g) => sql`, ${g}`), sql``)}, ${table.select}
      from (${sql.join(branches, sql` union all `)}) r${table.from ?? sql``}
      group by ${sql.join([sql`1`, dimValueCols, ...extra], sql`, `)}`),
  );
  const order = [...new Set(sets.flat())];
  return rows.map((r) => {
    const values = new Map(letters.map((l) => [String(r[`dim_${l}`]), String(r[`value_${l}`])]));
    const stored = letters.map((l) => String(r[`dim_${l}`])).filter((d) => d !== "" && d !== filter?.dimension) as Dimension[];
    // Named as scanSegments names it: its dimensions in order of first appearance in `sets`.
    const dims = stored.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return { dims, values: dims.map((d) => values.get(d)!), current: Boolean(r.cur), row: r };
  });
}

async function readRollups(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]>, covered: Covered): Promise<SegmentRow[]> {
  const m = ROLLUP_MEASURES[s.metric]!;
  const col = (c: Sums) => sql.identifier(c);
  const select = sql`sum(${col(m.num)})::float8 as num, sum(${col(m.den)})::float8 as den, sum(${col(m.num2)})::float8 as num2, sum(${col(m.den2)})::float8 as den2, sum(${col(m.numDen)})::float8 as num_den`;
  const rows = await readGrouped(db, s, sets, only, covered, { grain: "trace", width: 3, select });
  return rows.map(({ row: r, ...seg }) => ({ ...seg, num: Number(r.num), den: Number(r.den), num2: Number(r.num2), den2: Number(r.den2), numDen: Number(r.num_den), quantile: null }));
}

/** The merged sketch buckets per window and segment; a segment whose rows have no latency gives one row of bucket null. */
async function readSketchRollups(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]>, covered: Covered): Promise<SketchRow[]> {
  const rows = await readGrouped(db, s, sets, only, covered, {
    grain: "trace",
    width: 3,
    from: sql` left join lateral unnest(r.lat_bins, r.lat_counts) as u(bucket, n) on true`,
    group: [sql`u.bucket`],
    select: sql`coalesce(sum(u.n), 0)::float8 as n`,
  });
  return rows.map(({ row: r, ...seg }) => ({ ...seg, bucket: r.bucket === null ? null : Number(r.bucket), count: Number(r.n) }));
}

/** The daily tier's merged sketches of `sets` over the whole days `days`, with each segment's trace count on its bucket-null row. */
async function readDaySketches(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]>, days: Window[]): Promise<(SketchRow & { traces: number })[]> {
  const rows = await readGrouped(db, s, sets, only, { hours: [], days }, { grain: "trace", width: 3, from: bucketsWithTraces(sql`r`), group: [sql`u.bucket`], select: sql`sum(u.n)::float8 as n, sum(u.traces)::float8 as traces` });
  return rows.map(({ row: r, ...seg }) => ({ ...seg, bucket: r.bucket === null ? null : Number(r.bucket), count: Number(r.n), traces: Number(r.traces ?? 0) }));
}

/** Event metrics as sums of the event rollups' counts per name and thumbs value (the project's metric roles). */
async function readEventRollups(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]>, covered: Covered): Promise<SegmentRow[]> {
  const { num, den } = eventCountMeasures(s);
  // Every event counts 0 or 1 in num and den, and num implies den: Σnum² = Σnum·den = Σnum, Σden² = Σden.
  const select = sql`sum(case when ${num} then events else 0 end)::float8 as num, sum(events)::float8 as den`;
  const rows = await readGrouped(db, s, sets, only, covered, { grain: "event", width: 2, select, where: den });
  return rows.map(({ row: r, ...seg }) => ({ ...seg, num: Number(r.num), den: Number(r.den), num2: Number(r.num), den2: Number(r.den), numDen: Number(r.num), quantile: null }));
}

/**
 * When each release and prompt version was first seen in [from, to): the rollups' first_at over the hours they
 * cover, the traces elsewhere (the change events' "new release" and "new prompt version").
 */
export async function firstSeenValues(db: Db, projectId: string, from: Date, to: Date): Promise<{ kind: "release" | "prompt_version"; at: Date; label: string }[]> {
  const covered = await coveredHours(db, projectId, from, to);
  const uncovered = complement([{ from, to }], covered);
  const metric = ROOT_CAUSE_METRICS.traces;
  const inRanges = (column: SQL, ranges: Window[]) =>
    sql.join(ranges.map((r) => sql`(${column} >= ${r.from.toISOString()}::timestamptz and ${column} < ${r.to.toISOString()}::timestamptz)`), sql` or `);
  // Both sides name a missing value "(none)" (the dimension's label); it is no release or prompt version.
  const [rolled, raw] = await Promise.all([
    covered.length === 0
      ? []
      : rowsOf<{ kind: string; label: string; at: Date | string }>(
          await db.execute(sql`
            select dim_a as kind, value_a as label, min(first_at) as at from root_cause_rollups
            where project_id = ${projectId} and dim_a in ('release', 'prompt_version') and dim_b = '' and dim_c = '' and (${inRanges(sql`hour`, covered)})
            group by 1, 2`),
        ),
    uncovered.length === 0
      ? []
      : rowsOf<{ kind: string; label: string; at: Date | string }>(
          await db.execute(sql`
            with seen as (
              select ${dimensionExpr(metric, "release")} as release, ${dimensionExpr(metric, "prompt_version")} as prompt_version, tr.timestamp
              from traces tr where tr.project_id = ${projectId} and (${inRanges(sql`tr.timestamp`, uncovered)})
            )
            select 'release' as kind, release as label, min(timestamp) as at from seen group by release
            union all
            select 'prompt_version', prompt_version, min(timestamp) from seen group by prompt_version`),
        ),
  ]);
  const first = new Map<string, { kind: "release" | "prompt_version"; at: Date; label: string }>();
  for (const r of [...rolled, ...raw]) {
    if (r.label === "(none)") continue;
    const k = `${r.kind}\u0000${r.label}`;
    const at = new Date(r.at);
    const seen = first.get(k);
    if (!seen || at < seen.at) first.set(k, { kind: r.kind as "release" | "prompt_version", at, label: r.label });
  }
  return [...first.values()];
}
