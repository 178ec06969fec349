/**
 * The one scan behind a root cause analysis: the metric's numerator and denominator per window, in total and per
 * value of each dimension (GROUPING SETS, so every dimension comes from a single pass over the rows), or per value
 * pair of chosen dimension pairs restricted to chosen values (the two-dimension pass).
 */
import { sql, type SQL } from "drizzle-orm";
import { DEFAULT_ROLES, type MetricRoles } from "@/lib/catalog/definition";
import { rowsOf, type Db } from "@/db/client";
import { COHORT_PREFIX, isCohortDimension, isMetadataDimension, METADATA_PREFIX, type Dimension } from "../root-cause/dimensions";
import { ROOT_CAUSE_METRICS, type RootCauseMetric, type RootCauseMetricName } from "../root-cause/metrics";
import { sketchBucketSql } from "./sketch-sql";

export interface Window {
  from: Date;
  to: Date;
}

export interface SegmentScan {
  projectId: string;
  metric: RootCauseMetricName;
  baseline: Window;
  current: Window;
  /** Rows limited to these dimension values (an anomaly on the model = gpt-4o series analyses only that model). */
  filters?: { dimension: Dimension; value: string }[];
  /** The event names of the built-in metrics (the project's catalog roles); absent: today's defaults. */
  roles?: MetricRoles;
  /** metric "custom": the custom metric's name (its points in metric_points). */
  customMetric?: string;
  /** Only rows in these time ranges (the parts of the windows no rollup covers); absent: the whole windows. */
  ranges?: Window[];
}

export interface SegmentRow {
  /** The dimensions this row is grouped by ([] for the total). */
  dims: Dimension[];
  values: string[];
  current: boolean;
  num: number;
  den: number;
  /** Σnum², Σden², Σnum·den over the rows: the variance of the segment's change. */
  num2: number;
  den2: number;
  numDen: number;
  /** The percentile of the rows' latency (percentile metrics only). */
  quantile: number | null;
}

const NONE = "(none)";
/** How long after a window a trace's observations may still start. */
const OBSERVATION_TAIL_MS = 3_600_000;

/** A cohort dimension's values: the cohort's name for its members' rows, "not in <name>" for the others. */
export const notInCohort = (name: string) => `not in ${name}`;

export function dimensionExpr(metric: RootCauseMetric, d: Dimension): SQL {
  if (isCohortDimension(d)) {
    const id = d.slice(COHORT_PREFIX.length);
    const row = metric.grain === "trace" ? sql`tr` : sql`e`;
    const name = sql`(select c.name from cohorts c where c.id = ${id}::uuid and c.project_id = ${row}.project_id)`;
    return sql`case when exists (select 1 from cohort_members cm where cm.project_id = ${row}.project_id and cm.cohort_id = ${id}::uuid and cm.user_id = ${row}.user_id)
      then ${name} else ${notInCohort("")} || ${name} end`;
  }
  if (isMetadataDimension(d)) {
    const key = d.slice(METADATA_PREFIX.length);
    if (metric.grain === "point") return sql`coalesce(p.dimensions->>${key}, ${NONE})`;
    return metric.grain === "trace" ? sql`coalesce(tr.metadata->>${key}, ${NONE})` : sql`coalesce(e.properties->>${key}, ${NONE})`;
  }
  switch (d) {
    case "model":
      return sql`coalesce(obs.model, ${NONE})`;
    case "environment":
      return sql`tr.environment`;
    case "release":
      return sql`coalesce(tr.release, ${NONE})`;
    case "prompt_version":
      return sql`coalesce(tr.metadata->>'prompt_version', tr.metadata->>'promptVersion', tr.version, ${NONE})`;
    case "trace_name":
      return sql`coalesce(tr.name, ${NONE})`;
    case "observation":
      // The trace's first tool or retrieval call (not the step that failed: that would restate the outcome).
      return sql`coalesce(obs.tool, ${NONE})`;
    case "plan":
      return sql`coalesce(eu.plan, '(unknown)')`;
    case "country":
      return sql`coalesce(eu.country, '(unknown)')`;
  }
}

const needsObservations = (dims: Dimension[]) => dims.some((d) => d === "model" || d === "observation");
export const needsProfile = (dims: Dimension[]) => dims.some((d) => d === "plan" || d === "country");

function inRanges(column: SQL, ranges: Window[]): SQL {
  const w = (x: Window) => sql`(${column} >= ${x.from.toISOString()}::timestamptz and ${column} < ${x.to.toISOString()}::timestamptz)`;
  return sql`(${sql.join(ranges.map(w), sql` or `)})`;
}

function inWindows(column: SQL, s: SegmentScan): SQL {
  const windows = inRanges(column, [s.baseline, s.current]);
  return s.ranges ? sql`${windows} and ${inRanges(column, s.ranges)}` : windows;
}

/**
 * The joins a trace-grain row needs for the given dimensions: the trace's first generation and first tool call
 * (one grouped pass over the observations that start in [from, to + tail), hash-joined: a per-trace lookup costs
 * an index probe per trace) and the end user's profile.
 */
export function traceDimensionJoins(projectId: string, from: Date, to: Date, used: Dimension[]): SQL {
  // Observations start at or after their trace (the root span's start); a trace's last ones may end past the window.
  const obsTo = new Date(to.getTime() + OBSERVATION_TAIL_MS).toISOString();
  const obs = needsObservations(used)
    ? sql` left join (
        select o.trace_id, (array_agg(o.model order by o.start_time) filter (where o.type = 'generation'))[1] as model,
          (array_agg(o.name order by o.start_time) filter (where o.type in ('tool', 'retrieval')))[1] as tool
        from observations o where o.project_id = ${projectId} and o.start_time >= ${from.toISOString()}::timestamptz and o.start_time < ${obsTo}::timestamptz
        group by o.trace_id) obs on obs.trace_id = tr.id`
    : sql``;
  const profile = needsProfile(used) ? sql` left join end_users eu on eu.project_id = tr.project_id and eu.user_id = tr.user_id` : sql``;
  return sql`${obs}${profile}`;
}

/** num/den per row of the metric (percentiles: above the baseline quantile `thr.v` / timed). */
function measures(name: RootCauseMetricName, roles: MetricRoles = DEFAULT_ROLES, customMetric = ""): { num: SQL; den: SQL; where?: SQL } {
  switch (name) {
    case "custom":
      return { num: sql`p.value`, den: sql`1`, where: sql`p.metric = ${customMetric}` };
    case "traces":
      return { num: sql`1`, den: sql`1` };
    case "cost":
      return { num: sql`tr.total_cost`, den: sql`1` };
    case "tokens":
      return { num: sql`tr.total_tokens::float8`, den: sql`1` };
    case "error_rate":
      return { num: sql`(tr.level = 'ERROR')::int`, den: sql`1` };
    case "latency_mean":
      return { num: sql`coalesce(tr.latency_ms, 0)`, den: sql`(tr.latency_ms is not null)::int` };
    case "latency_p50":
    case "latency_p99":
    case "latency_p95":
      return { num: sql`(tr.latency_ms > thr.v)::int`, den: sql`(tr.latency_ms is not null)::int` };
    case "thumbs_down_rate":
      return { num: sql`coalesce(sc.down, 0)`, den: sql`coalesce(sc.votes, 0)` };
    case "sessions":
      return { num: sql`1`, den: sql`1`, where: sql`e.name = ${roles.session}` };
    case "messages":
      return { num: sql`1`, den: sql`1`, where: sql`e.name = ${roles.message}` };
    case "event_error_rate":
      return { num: sql`(e.name = ${roles.error})::int`, den: sql`1`, where: sql`e.name in (${roles.message}, ${roles.error})` };
    case "feedback_down_rate":
      return { num: sql`(e.properties->>'thumbs' = 'down')::int`, den: sql`1`, where: sql`e.name = ${roles.feedback} and e.properties->>'thumbs' in ('up', 'down')` };
  }
}

/** The grouping columns d0, d1, ... of a scan (restricted ones are null outside their values); `exprOf` reads a dimension's value. */
export function dimensionColumns(metric: RootCauseMetric, columns: { dim: Dimension; only?: string[] }[], exprOf = (d: Dimension) => dimensionExpr(metric, d)): SQL[] {
  return columns.map((c, i) => {
    const expr = exprOf(c.dim);
    const value = c.only ? sql`case when ${expr} in (${sql.join(c.only.map((v) => sql`${v}`), sql`, `)}) then ${expr} end` : expr;
    return sql`${value} as ${sql.identifier(`d${i}`)}`;
  });
}

/** The rows of both windows with their measures and the given dimension columns (restricted ones are null outside their values). */
function baseRows(s: SegmentScan, columns: { dim: Dimension; only?: string[] }[]): SQL {
  const metric: RootCauseMetric = ROOT_CAUSE_METRICS[s.metric];
  const m = measures(s.metric, s.roles, s.customMetric);
  const used = [...columns.map((c) => c.dim), ...(s.filters ?? []).map((f) => f.dimension)];
  const cols = dimensionColumns(metric, columns);
  const filters = (s.filters ?? []).map((f) => sql` and ${dimensionExpr(metric, f.dimension)} = ${f.value}`);
  const time = { trace: sql`tr.timestamp`, event: sql`e.timestamp`, point: sql`p.timestamp` }[metric.grain];
  const select = sql.join([sql`(${time} >= ${s.current.from.toISOString()}::timestamptz) as cur`, sql`(${m.num})::float8 as num`, sql`(${m.den})::float8 as den`, metric.grain === "trace" ? sql`tr.latency_ms as lat` : sql`null::float8 as lat`, ...cols], sql`, `);
  if (metric.grain === "point") return sql`select ${select} from metric_points p where p.project_id = ${s.projectId} and ${inWindows(sql`p.timestamp`, s)} and ${m.where!}${sql.join(filters, sql``)}`;
  if (metric.grain === "event") {
    const profile = needsProfile(used) ? sql` left join end_users eu on eu.project_id = e.project_id and eu.user_id = e.user_id` : sql``;
    return sql`select ${select} from events e${profile} where e.project_id = ${s.projectId} and ${inWindows(sql`e.timestamp`, s)} and ${m.where!}${sql.join(filters, sql``)}`;
  }
  const ranges = s.ranges ?? [s.baseline, s.current];
  const joins = traceDimensionJoins(
    s.projectId,
    new Date(Math.min(...ranges.map((r) => r.from.getTime()))),
    new Date(Math.max(...ranges.map((r) => r.to.getTime()))),
    used,
  );
  const ratings =
    s.metric === "thumbs_down_rate"
      ? sql` left join lateral (
          select count(*) filter (where sv.value = 0) as down, count(*) as votes from scores sv
          where sv.project_id = tr.project_id and sv.trace_id = tr.id and sv.data_type = 'boolean' and sv.source in ('api', 'human') and sv.value is not null) sc on true`
      : sql``;
  const thr =
    metric.kind === "percentile"
      ? sql` cross join (select percentile_cont(${metric.quantile!}::float8) within group (order by latency_ms) as v from traces
          where project_id = ${s.projectId} and timestamp >= ${s.baseline.from.toISOString()}::timestamptz and timestamp < ${s.baseline.to.toISOString()}::timestamptz) thr`
      : sql``;
  return sql`select ${select} from traces tr${joins}${ratings}${thr} where tr.project_id = ${s.projectId} and ${inWindows(sql`tr.timestamp`, s)}${sql.join(filters, sql``)}`;
}

/** The grouping columns of a scan over `sets`, and how to read a row's dimensions back from its grouping() mask. */
export function groupingOf(sets: Dimension[][], only: Map<Dimension, string[]>, extra: SQL[] = []) {
  const columns = [...new Set(sets.flat())].map((dim) => ({ dim, only: only.get(dim) }));
  const index = new Map(columns.map((c, i) => [c.dim, i]));
  const ident = (i: number) => sql.identifier(`d${i}`);
  const groupingSets = sql.join(
    sets.map((set) => sql`(${sql.join([sql`cur`, ...extra, ...set.map((d) => ident(index.get(d)!))], sql`, `)})`),
    sql`, `,
  );
  const groupingMask = columns.length > 0 ? sql`grouping(${sql.join(columns.map((_, i) => ident(i)), sql`, `)})` : sql`0`;
  const valueCols = columns.length > 0 ? sql`, ${sql.join(columns.map((_, i) => ident(i)), sql`, `)}` : sql``;
  /** A row's dimensions and values, or null for a restricted column outside its chosen values. */
  const read = (r: Record<string, unknown>): { dims: Dimension[]; values: string[] } | null => {
    const mask = Number(r.mask);
    // grouping(): bit set = column not grouped; the first column is the most significant bit.
    const dims = columns.filter((_, i) => (mask & (1 << (columns.length - 1 - i))) === 0).map((c) => c.dim);
    if (dims.some((d) => r[`d${index.get(d)}`] === null)) return null;
    return { dims, values: dims.map((d) => String(r[`d${index.get(d)}`])) };
  };
  return { columns, groupingSets, groupingMask, valueCols, read };
}

/**
 * Totals per window for each grouping set (a list of dimensions; [] is the total). Columns listed in `only` are
 * restricted to those values; rows of other values are dropped from sets that group by them.
 */
export async function scanSegments(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]> = new Map()): Promise<SegmentRow[]> {
  const metric: RootCauseMetric = ROOT_CAUSE_METRICS[s.metric];
  const g = groupingOf(sets, only);
  const quantile = metric.kind === "percentile" ? sql`percentile_cont(${metric.quantile!}::float8) within group (order by lat)` : sql`null::float8`;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with base as (${baseRows(s, g.columns)})
      select ${g.groupingMask}::int as mask, cur, sum(num)::float8 as num, sum(den)::float8 as den, sum(num * num)::float8 as num2, sum(den * den)::float8 as den2, sum(num * den)::float8 as num_den, ${quantile} as quantile${g.valueCols}
      from base group by grouping sets (${g.groupingSets})`),
  );
  const out: SegmentRow[] = [];
  for (const r of rows) {
    const seg = g.read(r);
    if (!seg) continue;
    out.push({ ...seg, current: Boolean(r.cur), num: Number(r.num ?? 0), den: Number(r.den ?? 0), num2: Number(r.num2 ?? 0), den2: Number(r.den2 ?? 0), numDen: Number(r.num_den ?? 0), quantile: r.quantile === null || r.quantile === undefined ? null : Number(r.quantile) });
  }
  return out;
}

/** One bucket of a segment's latency sketch in one window; bucket null: the segment's traces without a latency. */
export interface SketchRow {
  dims: Dimension[];
  values: string[];
  current: boolean;
  bucket: number | null;
  count: number;
}

/**
 * The latency sketches (./../root-cause/sketch.ts buckets) of the traces per window and grouping set, like
 * `scanSegments` (same rows, filters, restricted values and ranges): the raw side of the percentile fast path.
 */
export async function scanLatencySketches(db: Db, s: SegmentScan, sets: Dimension[][], only: Map<Dimension, string[]> = new Map()): Promise<SketchRow[]> {
  const g = groupingOf(sets, only, [sql`bucket`]);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with base as (select *, case when lat is null then null else ${sketchBucketSql(sql`lat`)} end as bucket from (${baseRows({ ...s, metric: "latency_mean" }, g.columns)}) b)
      select ${g.groupingMask}::int as mask, cur, bucket, count(*)::float8 as n${g.valueCols}
      from base group by grouping sets (${g.groupingSets})`),
  );
  const out: SketchRow[] = [];
  for (const r of rows) {
    const seg = g.read(r);
    if (seg) out.push({ ...seg, current: Boolean(r.cur), bucket: r.bucket === null ? null : Number(r.bucket), count: Number(r.n) });
  }
  return out;
}

/** Rows of the same window and segment added up (a scan's parts: rollups, the raw rows of the rest). */
export function mergeSegmentRows(rows: SegmentRow[]): SegmentRow[] {
  const merged = new Map<string, SegmentRow>();
  for (const r of rows) {
    const k = `${r.current}\u0000${r.dims.join("\u0000")}\u0001${r.values.join("\u0000")}`;
    const m = merged.get(k);
    if (!m) merged.set(k, { ...r });
    else for (const f of ["num", "den", "num2", "den2", "numDen"] as const) m[f] += r[f];
  }
  return [...merged.values()];
}

/** Names of the custom metrics (POST /api/v1/metrics) with points since `since`, alphabetical, at most `limit`: the
 * root cause explorer offers them beside the built-in metrics. */
export async function recentCustomMetricNames(db: Db, projectId: string, since: Date, limit = 50): Promise<string[]> {
  const rows = rowsOf<{ metric: string }>(
    await db.execute(sql`select distinct metric from metric_points where project_id = ${projectId} and timestamp >= ${since.toISOString()}::timestamptz
      order by metric limit ${limit}`),
  );
  return rows.map((r) => r.metric);
}

/** The dimension keys of a custom metric's points in the windows, and how many points there are (a custom metric's default dimensions). */
export async function customMetricKeys(db: Db, projectId: string, metric: string, windows: Window[]): Promise<{ keys: string[]; points: number }> {
  const inAny = inRanges(sql`p.timestamp`, windows);
  const [row] = rowsOf<{ keys: string[] | null; points: number }>(
    await db.execute(sql`
      select (select array_agg(distinct k order by k) from metric_points p cross join lateral jsonb_object_keys(p.dimensions) k
          where p.project_id = ${projectId} and p.metric = ${metric} and ${inAny}) as keys,
        (select count(*) from metric_points p where p.project_id = ${projectId} and p.metric = ${metric} and ${inAny})::int as points`),
  );
  return { keys: row?.keys ?? [], points: Number(row?.points ?? 0) };
}
