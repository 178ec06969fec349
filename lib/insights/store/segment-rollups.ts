/**
 * Root cause rollups: the additive sums of every trace-grain sum/ratio metric per project, hour and built-in
 * dimension value, value pair and series triple, so an analysis over 1M traces reads O(values × hours) rows, not O(traces).
 * `scanSegmentsFast` answers exactly what `scanSegments` answers: the hours of the windows that were rolled up after
 * they closed come from the rollups, the rest (the hour still open, partial hours at the windows' edges, hours the
 * job has not reached) from the traces, and the two are added up.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { type BuiltinDimension, type Dimension, TRACE_DIMENSIONS } from "../root-cause/dimensions";
import { ROOT_CAUSE_METRICS, type RootCauseMetricName } from "../root-cause/metrics";
import { dimensionExpr, scanSegments, type SegmentRow, type SegmentScan, traceDimensionJoins, type Window } from "./segments";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The job recomputes this much recent history on every run (late spans land there), like the monitoring rollups. */
export const SEGMENT_ROLLUP_REFRESH_MS = 48 * HOUR;
/** ...and fills hours it has never rolled up this far back (first run, a project's first traces with old timestamps). */
export const SEGMENT_ROLLUP_HISTORY_MS = 30 * DAY;

type Sums = "traces" | "errors" | "cost" | "cost2" | "tokens" | "tokens2" | "timed" | "latency" | "latency2";
/** Which rollup sums make each metric's num, den, Σnum², Σden², Σnum·den (the raw per-trace measures in ./segments.ts). */
const ROLLUP_MEASURES: Partial<Record<RootCauseMetricName, Record<"num" | "den" | "num2" | "den2" | "numDen", Sums>>> = {
  traces: { num: "traces", den: "traces", num2: "traces", den2: "traces", numDen: "traces" },
  cost: { num: "cost", den: "traces", num2: "cost2", den2: "traces", numDen: "cost" },
  tokens: { num: "tokens", den: "traces", num2: "tokens2", den2: "traces", numDen: "tokens" },
  // A 0/1 error flag: Σerr² = Σerr·1 = Σerr.
  error_rate: { num: "errors", den: "traces", num2: "errors", den2: "traces", numDen: "errors" },
  // num = latency (0 when untimed), den = timed (0/1): Σnum·den = Σnum.
  latency_mean: { num: "latency", den: "timed", num2: "latency2", den2: "timed", numDen: "latency" },
};

const DIMS = TRACE_DIMENSIONS as readonly BuiltinDimension[];
/** The dimensions an anomaly's series can be filtered on (lib/insights/root-cause/anomaly-windows.ts). */
export const SERIES_DIMENSIONS: readonly BuiltinDimension[] = ["model", "environment"];
const pairsOf = (idx: number[]) => idx.flatMap((a, i) => idx.slice(i + 1).map((b) => [a, b]));
const ALL = DIMS.map((_, i) => i);
/**
 * Every grouping set the rollups hold, as indexes into TRACE_DIMENSIONS (ascending): the total, each dimension, each
 * pair, and each pair within a series dimension's value (triples), so an anomaly's two-dimension pass is served too.
 */
const ROLLUP_SETS: number[][] = (() => {
  const sets = [[], ...ALL.map((i) => [i]), ...pairsOf(ALL)];
  const seen = new Set(sets.map((x) => x.join()));
  for (const f of SERIES_DIMENSIONS.map((d) => DIMS.indexOf(d))) {
    for (const pair of pairsOf(ALL.filter((i) => i !== f))) {
      const triple = [f, ...pair].sort((a, b) => a - b);
      if (!seen.has(triple.join())) {
        sets.push(triple);
        seen.add(triple.join());
      }
    }
  }
  return sets;
})();

const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR) * HOUR);
const ceilHour = (d: Date) => new Date(Math.ceil(d.getTime() / HOUR) * HOUR);

const builtin = (d: Dimension) => (DIMS as readonly string[]).includes(d);

/**
 * Whether an analysis can read the rollups: an eligible metric and built-in dimensions only. A series filter (an
 * anomaly on the model = gpt-4o series) is one more fixed dimension: served from the pairs for the total and single
 * dimensions, and from the triples for the two-dimension pass when it is a series dimension (model, environment).
 */
export function rollupsServe(s: SegmentScan, sets: Dimension[][]): boolean {
  if (ROLLUP_MEASURES[s.metric] === undefined || !sets.flat().every(builtin)) return false;
  const filters = s.filters ?? [];
  if (filters.length === 0) return true;
  const [f] = filters;
  const maxSet = SERIES_DIMENSIONS.includes(f.dimension as BuiltinDimension) ? 2 : 1;
  return filters.length === 1 && builtin(f.dimension) && sets.every((set) => set.length <= maxSet && !set.includes(f.dimension));
}

/** Recomputes the rollups of every hour in [from, to) (rounded out to whole hours), a day per statement. */
export async function recomputeSegmentRollups(db: Db, projectId: string, from: Date, to: Date, now = new Date()): Promise<{ hours: number; rows: number }> {
  const start = floorHour(from), end = ceilHour(to);
  let rows = 0;
  for (let a = start.getTime(); a < end.getTime(); a += DAY) {
    const chunk = { from: new Date(a), to: new Date(Math.min(a + DAY, end.getTime())) };
    rows += await db.transaction(async (tx) => {
      await tx.execute(sql`delete from root_cause_rollups where project_id = ${projectId} and hour >= ${chunk.from.toISOString()}::timestamptz and hour < ${chunk.to.toISOString()}::timestamptz`);
      const inserted = rowsOf<{ n: number }>(await tx.execute(rollupInsert(projectId, chunk)));
      await tx.execute(sql`
        insert into root_cause_rollup_hours (project_id, hour, computed_at)
        select ${projectId}::uuid, h, ${now.toISOString()}::timestamptz
        from generate_series(${chunk.from.toISOString()}::timestamptz, ${new Date(chunk.to.getTime() - HOUR).toISOString()}::timestamptz, interval '1 hour') h
        on conflict (project_id, hour) do update set computed_at = excluded.computed_at`);
      return Number(inserted[0]?.n ?? 0);
    });
  }
  return { hours: Math.round((end.getTime() - start.getTime()) / HOUR), rows };
}

function rollupInsert(projectId: string, w: Window): SQL {
  const metric = ROOT_CAUSE_METRICS.traces;
  const ident = (i: number) => sql.identifier(`d${i}`);
  const cols = DIMS.map((d, i) => sql`${dimensionExpr(metric, d)} as ${ident(i)}`);
  const mask = (set: number[]) => DIMS.reduce((m, _, i) => (set.includes(i) ? m : m | (1 << (DIMS.length - 1 - i))), 0);
  const pick = (at: number, what: "dim" | "value") =>
    sql`case grouping(${sql.join(DIMS.map((_, i) => ident(i)), sql`, `)}) ${sql.join(
      ROLLUP_SETS.filter((s) => s.length > at).map((s) => sql`when ${sql.raw(String(mask(s)))} then ${what === "dim" ? sql`${DIMS[s[at]]}::text` : ident(s[at])}`),
      sql` `,
    )} else '' end`;
  const groupingSets = sql.join(
    ROLLUP_SETS.map((set) => sql`(${sql.join([sql`hour`, ...set.map(ident)], sql`, `)})`),
    sql`, `,
  );
  return sql`
    with ins as (
      insert into root_cause_rollups (project_id, hour, dim_a, value_a, dim_b, value_b, dim_c, value_c, traces, errors, cost, cost2, tokens, tokens2, timed, latency, latency2, first_at)
      select ${projectId}::uuid, hour, ${pick(0, "dim")}, ${pick(0, "value")}, ${pick(1, "dim")}, ${pick(1, "value")}, ${pick(2, "dim")}, ${pick(2, "value")},
        count(*), sum(err), coalesce(sum(cost), 0), coalesce(sum(cost * cost), 0), coalesce(sum(tokens), 0), coalesce(sum(tokens * tokens), 0),
        count(lat), coalesce(sum(lat), 0), coalesce(sum(lat * lat), 0), min(ts)
      from (
        select date_bin('1 hour', tr.timestamp, timestamptz '2000-01-01 00:00:00+00') as hour, tr.timestamp as ts, (tr.level = 'ERROR')::int::float8 as err,
          tr.total_cost::float8 as cost, tr.total_tokens::float8 as tokens, tr.latency_ms::float8 as lat, ${sql.join(cols, sql`, `)}
        from traces tr${traceDimensionJoins(projectId, w.from, w.to, [...DIMS])}
        where tr.project_id = ${projectId} and tr.timestamp >= ${w.from.toISOString()}::timestamptz and tr.timestamp < ${w.to.toISOString()}::timestamptz
      ) base
      group by grouping sets (${groupingSets})
      returning 1
    ) select count(*)::int as n from ins`;
}

/**
 * The job's pass: recompute the last 48 hours (late data), then fill the hours of the last 30 days never rolled up
 * after they closed.
 */
export async function refreshSegmentRollups(db: Db, projectId: string, now = new Date()) {
  const recentFrom = floorHour(new Date(now.getTime() - SEGMENT_ROLLUP_REFRESH_MS));
  const historyFrom = floorHour(new Date(now.getTime() - SEGMENT_ROLLUP_HISTORY_MS));
  const covered = await coveredHours(db, projectId, historyFrom, recentFrom);
  const gaps = complement([{ from: historyFrom, to: recentFrom }], covered);
  let hours = 0, rows = 0;
  for (const g of [...gaps, { from: recentFrom, to: now }]) {
    const r = await recomputeSegmentRollups(db, projectId, g.from, g.to, now);
    hours += r.hours;
    rows += r.rows;
  }
  return { hours, rows };
}

/** Whole hours in [from, to) rolled up after they closed, merged into ranges. */
export async function coveredHours(db: Db, projectId: string, from: Date, to: Date): Promise<Window[]> {
  const rows = rowsOf<{ hour: Date | string }>(
    await db.execute(sql`
      select hour from root_cause_rollup_hours
      where project_id = ${projectId} and hour >= ${floorHour(from).toISOString()}::timestamptz and hour < ${to.toISOString()}::timestamptz
        and computed_at >= hour + interval '1 hour'
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

/** `scanSegments`, from the rollups where they cover the windows and from the traces elsewhere. */
export async function scanSegmentsFast(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]> = new Map()): Promise<SegmentRow[]> {
  if (!rollupsServe(s, sets)) return scanSegments(db, s, sets, only);
  const windows = [s.baseline, s.current];
  const covered = (await Promise.all(windows.map((w) => coveredHours(db, s.projectId, w.from, w.to)))).flat();
  const uncovered = complement(windows, covered);
  const [rolled, raw] = await Promise.all([
    covered.length > 0 ? readRollups(db, s, sets, only, covered) : [],
    uncovered.length > 0 ? scanSegments(db, { ...s, ranges: uncovered }, sets, only) : [],
  ]);
  const merged = new Map<string, SegmentRow>();
  for (const r of [...rolled, ...raw]) {
    const k = `${r.current}\u0000${r.dims.join("\u0000")}\u0001${r.values.join("\u0000")}`;
    const m = merged.get(k);
    if (!m) merged.set(k, { ...r });
    else for (const f of ["num", "den", "num2", "den2", "numDen"] as const) m[f] += r[f];
  }
  return [...merged.values()];
}

async function readRollups(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]>, covered: Window[]): Promise<SegmentRow[]> {
  const m = ROLLUP_MEASURES[s.metric]!;
  const col = (c: Sums) => sql.identifier(c);
  // Pairs are stored in TRACE_DIMENSIONS order; a set asked the other way round is read swapped and named as asked.
  // A series filter is one more dimension of the stored set, with its value fixed.
  const filter = s.filters?.[0];
  const fixed = new Map(only);
  if (filter) fixed.set(filter.dimension, [filter.value]);
  const canonical = sets.map((set) => [...set, ...(filter ? [filter.dimension] : [])].sort((a, b) => DIMS.indexOf(a as BuiltinDimension) - DIMS.indexOf(b as BuiltinDimension)));
  const setCond = canonical.map((set) => {
    const [a = "", b = "", c = ""] = set;
    const restrict = (column: SQL, d: Dimension | "") => {
      const values = d ? fixed.get(d) : undefined;
      return values ? sql` and ${column} in (${sql.join(values.map((v) => sql`${v}`), sql`, `)})` : sql``;
    };
    return sql`(dim_a = ${a} and dim_b = ${b} and dim_c = ${c}${restrict(sql`value_a`, a)}${restrict(sql`value_b`, b)}${restrict(sql`value_c`, c)})`;
  });
  const hours = sql.join(covered.map((c) => sql`(hour >= ${c.from.toISOString()}::timestamptz and hour < ${c.to.toISOString()}::timestamptz)`), sql` or `);
  const order = [...new Set(sets.flat())];
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select (hour >= ${s.current.from.toISOString()}::timestamptz) as cur, dim_a, value_a, dim_b, value_b, dim_c, value_c,
        sum(${col(m.num)})::float8 as num, sum(${col(m.den)})::float8 as den, sum(${col(m.num2)})::float8 as num2,
        sum(${col(m.den2)})::float8 as den2, sum(${col(m.numDen)})::float8 as num_den
      from root_cause_rollups
      where project_id = ${s.projectId} and (${sql.join(setCond, sql` or `)}) and (${hours})
      group by 1, 2, 3, 4, 5, 6, 7`),
  );
  return rows.map((r) => {
    const values = new Map([[String(r.dim_a), String(r.value_a)], [String(r.dim_b), String(r.value_b)], [String(r.dim_c), String(r.value_c)]]) as Map<string, string>;
    const stored = [r.dim_a, r.dim_b, r.dim_c].filter((d) => d !== "" && d !== filter?.dimension) as Dimension[];
    // Named as scanSegments names it: its dimensions in order of first appearance in `sets`.
    const dims = stored.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return { dims, values: dims.map((d) => values.get(d)!), current: Boolean(r.cur), num: Number(r.num), den: Number(r.den), num2: Number(r.num2), den2: Number(r.den2), numDen: Number(r.num_den), quantile: null };
  });
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
