/**
 * Per-variant sufficient statistics (n, Σy, Σy², Σd, Σd², Σyd) of every metric of an experiment, computed by one SQL
 * aggregation over exposures and events: raw events never leave the database. Units are users exposed to exactly one
 * variant; each user's events count from their first exposure until the end of the metric's conversion window.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { metricEventNames, type EventMatch, type MetricDefinition, type ScoreMatch } from "../definition";
import type { VariantSummary } from "../stats/variant-statistics";
import { planAt } from "@/lib/users/store/plan-at";
import { CLICKED } from "@/lib/personalization/store/impressions";

export interface ExposureCounts {
  exposures: Array<{ variantKey: string; users: number }>;
  multipleExposureUsers: number;
}

export const hoursLiteral = (hours: number) => {
  if (!Number.isFinite(hours) || hours <= 0) throw new Error(`invalid window ${hours}`);
  return sql.raw(`interval '${Math.round(hours * 3600)} seconds'`);
};

/** Boolean SQL: the event matches (names, property containment) and falls inside the window. */
function matches(match: EventMatch, windowHours: number): SQL {
  const names = sql.join(match.events.map((n) => sql`${n}`), sql`, `);
  const where = match.where ? sql` and e.properties @> ${JSON.stringify(match.where)}::jsonb` : sql``;
  return sql`(e.name in (${names})${where} and e.timestamp < x.first_exposed_at + ${hoursLiteral(windowHours)})`;
}

/** What one matching event contributes: 1, or its numeric property (non-numbers count as 0). */
function contribution(match: EventMatch): SQL {
  if (!match.valueProperty) return sql`1`;
  const prop = match.valueProperty;
  return sql`(case when jsonb_typeof(e.properties -> ${prop}::text) = 'number' then (e.properties ->> ${prop}::text)::double precision else 0 end)`;
}

/**
 * A score metric's value for the unit of the enclosing `group by x.user_id`: the mean of the scores of that name on
 * the user's traces from first exposure to the end of the window (never at or after `until`); null when the user has
 * none. `min(x.first_exposed_at)` is an aggregate of the outer query (one exposure row per unit).
 */
function scoreMean(projectId: string, score: ScoreMatch, windowHours: number, until: Date): SQL {
  const sources = score.sources ? sql` and s.source in (${sql.join(score.sources.map((v) => sql`${v}`), sql`, `)})` : sql``;
  return sql`(select avg(s.value) from traces t
      join scores s on s.project_id = t.project_id and s.trace_id = t.id
      where t.project_id = ${projectId} and t.user_id = x.user_id
        and t.timestamp >= min(x.first_exposed_at) and t.timestamp < min(x.first_exposed_at) + ${hoursLiteral(windowHours)}
        and t.timestamp < ${until.toISOString()}::timestamptz
        and s.name = ${score.name} and s.value is not null${sources})`;
}

/**
 * An impressions metric's y (clicked impressions) or d (impressions) for the unit of the enclosing `group by x.user_id`:
 * the recommendation lists served to the user from first exposure to the end of the window (never at or after
 * `until`), clicks counted when they happened before `until`.
 */
function impressionCount(projectId: string, windowHours: number, until: Date, clicked: boolean): SQL {
  return sql`(select count(*) from personalization_impressions imp
      where imp.project_id = ${projectId} and imp.user_id = x.user_id
        and imp.served_at >= min(x.first_exposed_at) and imp.served_at < min(x.first_exposed_at) + ${hoursLiteral(windowHours)}
        and imp.served_at < ${until.toISOString()}::timestamptz${clicked ? sql` and ${CLICKED(until)}` : sql``})`;
}

/**
 * One unit's (user's) value y of a metric and its denominator d (0 without one), over the joined events `e` (or, for
 * a score metric, the user's trace scores; y is then null for a user without any, who is no unit of that metric).
 */
export function perUnitValues(metric: MetricDefinition, projectId: string, until: Date): { y: SQL; d: SQL } {
  if (metric.score) return { y: sql`${scoreMean(projectId, metric.score, metric.windowHours, until)}::double precision`, d: sql`0::double precision` };
  if (metric.impressions) {
    return {
      y: sql`${impressionCount(projectId, metric.windowHours, until, true)}::double precision`,
      d: sql`${impressionCount(projectId, metric.windowHours, until, false)}::double precision`,
    };
  }
  const numerator = metric.numerator!;
  const num = sql`sum(case when ${matches(numerator, metric.windowHours)} then ${contribution(numerator)} else 0 end)`;
  const y = metric.type === "binomial" ? sql`(case when ${num} > 0 then 1 else 0 end)` : sql`coalesce(${num}, 0)`;
  const d = metric.denominator
    ? sql`coalesce(sum(case when ${matches(metric.denominator, metric.windowHours)} then ${contribution(metric.denominator)} else 0 end), 0)`
    : sql`0`;
  return { y: sql`${y}::double precision`, d: sql`${d}::double precision` };
}

function perUnitColumns(projectId: string, until: Date) {
  return (metric: MetricDefinition, i: number): SQL => {
    const { y, d } = perUnitValues(metric, projectId, until);
    return sql`${y} as ${sql.raw(`y${i}`)}, ${d} as ${sql.raw(`d${i}`)}`;
  };
}

/**
 * The events a unit's metrics read, joined to `x` (user_id, first_exposed_at): from first exposure to the longest
 * window, never at or after `until`, only the metrics' event names (no event at all when every metric reads scores).
 */
export function unitEventsJoin(projectId: string, metrics: MetricDefinition[], until: Date): SQL {
  const eventMetrics = metrics.filter((m) => !m.score && !m.impressions);
  const allNames = [...new Set(eventMetrics.flatMap(metricEventNames))];
  if (allNames.length === 0) return sql`false`;
  const maxWindow = Math.max(...eventMetrics.map((m) => m.windowHours));
  return sql`e.project_id = ${projectId} and e.user_id = x.user_id
        and e.timestamp >= x.first_exposed_at and e.timestamp < x.first_exposed_at + ${hoursLiteral(maxWindow)}
        and e.timestamp < ${until.toISOString()}::timestamptz
        and e.name in (${sql.join(allNames.map((n) => sql`${n}`), sql`, `)})`;
}

function aggregateColumns(i: number): SQL {
  const [y, d] = [`y${i}`, `d${i}`];
  // n{i}: the units with a value of metric i (all units, but for a score metric only those with a score).
  return sql.raw(`count(${y}) as n${i}, sum(${y}) as sy${i}, sum(${y} * ${y}) as syy${i}, sum(${d}) as sd${i}, sum(${d} * ${d}) as sdd${i}, sum(${y} * ${d}) as syd${i}`);
}

/** Users exposed to exactly one variant (the analysis units) via a CTE named `exposed`. */
function exposedCte(projectId: string, experimentId: string, until: Date): SQL {
  return sql`exposed as (
    select user_id, min(variant_key) as variant_key, min(first_exposed_at) as first_exposed_at
    from experiment_exposures
    where project_id = ${projectId} and experiment_id = ${experimentId} and first_exposed_at < ${until.toISOString()}::timestamptz
    group by user_id
    having count(*) = 1
  )`;
}

export async function exposureCounts(db: Db, projectId: string, experimentId: string, until: Date): Promise<ExposureCounts> {
  const result = await db.execute(sql`
    with per_user as (
      select user_id, min(variant_key) as variant_key, count(*) as variants
      from experiment_exposures
      where project_id = ${projectId} and experiment_id = ${experimentId} and first_exposed_at < ${until.toISOString()}::timestamptz
      group by user_id
    )
    select case when variants = 1 then variant_key else null end as variant_key, count(*) as users
    from per_user group by 1`);
  const rows = rowsOf<{ variant_key: string | null; users: string | number }>(result);
  return {
    exposures: rows.filter((r) => r.variant_key !== null).map((r) => ({ variantKey: r.variant_key!, users: Number(r.users) })),
    multipleExposureUsers: Number(rows.find((r) => r.variant_key === null)?.users ?? 0),
  };
}

/** Sufficient statistics of one metric within one cohort (the plan at first exposure; "unknown" for users without one). */
export interface CohortSummaries {
  cohort: string;
  summaries: VariantSummary[];
}

export interface MetricSummariesResult {
  totals: Map<string, VariantSummary[]>;
  /** Per metric, the same statistics split by cohort (they add up to the totals). */
  cohorts: Map<string, CohortSummaries[]>;
}

function summaryOf(metric: MetricDefinition, i: number, r: Record<string, string | number | null>): VariantSummary {
  const num = (c: string) => Number(r[`${c}${i}`] ?? 0);
  const n = r[`n${i}`] !== undefined ? Number(r[`n${i}`] ?? 0) : Number(r.n);
  const summary: VariantSummary = { key: String(r.variant_key), n, sum: num("sy") };
  if (metric.type !== "binomial") summary.sumSquares = num("syy");
  if (metric.type === "ratio") {
    summary.denominatorSum = num("sd");
    summary.denominatorSumSquares = num("sdd");
    summary.crossSum = num("syd");
  }
  return summary;
}

/**
 * Sufficient statistics per metric and variant, in one scan, split by cohort (the totals are the cohorts' sums, so the
 * split costs no second pass). Events are read from first exposure to the longest
 * window (and never after `until`, the experiment's end or now). The per-user step groups by user_id alone (a unit
 * has one variant): the join then arrives in the exposures index's user order and needs no sort of the joined rows.
 */
export async function metricSummariesByCohort(
  db: Db,
  projectId: string,
  experimentId: string,
  metrics: MetricDefinition[],
  until: Date,
): Promise<MetricSummariesResult> {
  const out: MetricSummariesResult = { totals: new Map(), cohorts: new Map() };
  if (metrics.length === 0) return out;
  const result = await db.execute(sql`
    with ${exposedCte(projectId, experimentId, until)},
    unit as (
      select x.user_id, min(x.variant_key) as variant_key, min(x.first_exposed_at) as first_exposed_at,
        ${sql.join(metrics.map(perUnitColumns(projectId, until)), sql`, `)}
      from exposed x
      left join events e on ${unitEventsJoin(projectId, metrics, until)}
      group by x.user_id
    ),
    cohorted as (
      select unit.*, ${planAt(projectId, sql`unit.user_id`, sql`unit.first_exposed_at`, sql`eu.plan`)} as cohort
      from unit left join end_users eu on eu.project_id = ${projectId} and eu.user_id = unit.user_id
    )
    select variant_key, cohort, count(*) as n, ${sql.join(metrics.map((_, i) => aggregateColumns(i)), sql`, `)}
    from cohorted group by variant_key, cohort
    order by variant_key, cohort`);
  return summariesFromSplit(metrics, rowsOf<Record<string, string | number | null>>(result));
}

/**
 * Rows of (variant_key, cohort, n, n{i}, sy{i}, syy{i}, sd{i}, sdd{i}, syd{i}) into per-metric summaries, totals and cohorts.
 * Every column is a sum, so a variant's totals are the sums of its cohorts' rows (no second aggregation in SQL).
 */
export function summariesFromSplit(metrics: MetricDefinition[], split: Record<string, string | number | null>[]): MetricSummariesResult {
  const out: MetricSummariesResult = { totals: new Map(), cohorts: new Map() };
  const totals = [...new Set(split.map((r) => String(r.variant_key)))].map((variantKey) => {
    const total: Record<string, string | number | null> = { variant_key: variantKey };
    for (const r of split.filter((x) => String(x.variant_key) === variantKey)) {
      for (const [column, value] of Object.entries(r)) {
        if (column !== "variant_key" && column !== "cohort") total[column] = Number(total[column] ?? 0) + Number(value ?? 0);
      }
    }
    return total;
  });
  const cohortNames = [...new Set(split.map((r) => String(r.cohort)))].sort();
  metrics.forEach((metric, i) => {
    out.totals.set(metric.key, totals.map((r) => summaryOf(metric, i, r)));
    out.cohorts.set(
      metric.key,
      cohortNames.map((cohort) => ({ cohort, summaries: split.filter((r) => String(r.cohort) === cohort).map((r) => summaryOf(metric, i, r)) })),
    );
  });
  return out;
}

/** Per-variant sufficient statistics of each metric (the totals of metricSummariesByCohort). */
export async function metricSummaries(
  db: Db,
  projectId: string,
  experimentId: string,
  metrics: MetricDefinition[],
  until: Date,
): Promise<Map<string, VariantSummary[]>> {
  return (await metricSummariesByCohort(db, projectId, experimentId, metrics, until)).totals;
}
