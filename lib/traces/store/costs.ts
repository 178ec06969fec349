// LLM cost board: cost, tokens, latency percentiles and error rate of model calls (generation and embedding
// observations) by model and by day, top users and the most expensive traces, over a time range, and per project of
// the organization. Prism's own calls (environment "prism-internal") are left out. Traces left out by sampling count
// through their summary rows; only the most expensive traces list is of kept traces (the others cannot be opened).

import { asc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { projects } from "@/db/schema";
import { checkTimeRange, timeRangeQueryShape } from "@/lib/time-range/query";

type Row = Record<string, unknown>;

export const COST_RANGES = { "24h": 1, "7d": 7, "30d": 30, "90d": 90 } as const;
export type CostRange = keyof typeof COST_RANGES;

export const costBoardQuerySchema = z
  .object({
    /** The window (lib/time-range): `range=24h|7d|30d|90d` or `from`/`to`, and `compare=previous`. */
    ...timeRangeQueryShape,
    /** Only the model calls and traces of this saved cohort's members (as of its last refresh). */
    cohort: z.preprocess((v) => (v === "" ? undefined : v), z.uuid({ message: "must be a cohort id" }).optional()),
  })
  .superRefine(checkTimeRange);

export interface ModelCostRow {
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  /** Milliseconds; null when no call of the model has an end time. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  errors: number;
  errorRate: number;
}
/** Totals of a group of model calls (a day, a project). */
export interface CallTotals {
  calls: number;
  tokens: number;
  cost: number;
  p95Ms: number | null;
  errors: number;
  errorRate: number;
  /** Of `calls`, those of traces left out by sampling (counted from summary rows; their traces cannot be opened). */
  sampledCalls: number;
}
export interface DayCostRow extends CallTotals {
  day: string;
}
export interface ProjectCostRow extends CallTotals {
  projectId: string;
  name: string;
}
export interface UserCostRow { userId: string; traces: number; tokens: number; cost: number }
export interface ExpensiveTraceRow { id: string; name: string | null; userId: string | null; timestamp: Date; totalTokens: number; totalCost: number; latencyMs: number | null }

export interface CostBoard {
  from: Date;
  to: Date;
  totals: { calls: number; tokens: number; cost: number; errors: number; sampledCalls: number };
  byModel: ModelCostRow[];
  byDay: DayCostRow[];
  topUsers: UserCostRow[];
  topTraces: ExpensiveTraceRow[];
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const MODEL_CALLS = sql`type in ('generation', 'embedding')`;
/** Prism's own LLM calls (lib/telemetry) are recorded in the project but are not the product's cost. */
const INTERNAL = "prism-internal";
const NOT_INTERNAL_OBSERVATION = sql`not exists (select 1 from traces t where t.project_id = observations.project_id and t.id = observations.trace_id and t.environment = ${INTERNAL})`;
const DURATION_MS = sql`(extract(epoch from (end_time - start_time)) * 1000)`;
/**
 * The observations of kept and sampled-out traces alike (the latter as summary rows: lib/traces/store/sampled-out.ts),
 * so every total here is exact at any sampling rate; `sampled` marks the summaries.
 */
const CALL_COLUMNS = sql.raw("project_id, trace_id, type, model, start_time, end_time, level, usage_input, usage_output, usage_total, cost_total");
const ALL_OBSERVATIONS = sql`(select ${CALL_COLUMNS}, false as sampled from observations union all select ${CALL_COLUMNS}, true as sampled from sampled_observations) observations`;
const TRACE_COLUMNS = sql.raw("project_id, id, user_id, timestamp, environment, total_tokens, total_cost");
const ALL_TRACES = sql`(select ${TRACE_COLUMNS} from traces union all select ${TRACE_COLUMNS} from sampled_traces) traces`;

/** The CallTotals columns of a group of observations (read back with callTotals). */
const CALL_TOTALS = sql`count(*)::int as calls,
  coalesce(sum(coalesce(usage_total, coalesce(usage_input, 0) + coalesce(usage_output, 0))), 0)::float8 as tokens,
  coalesce(sum(cost_total), 0)::float8 as cost,
  percentile_cont(0.95) within group (order by ${DURATION_MS}) as p95,
  count(*) filter (where level = 'ERROR')::int as errors,
  count(*) filter (where sampled)::int as sampled_calls`;

export function callTotals(r: Row | undefined): CallTotals {
  const calls = num(r?.calls);
  const errors = num(r?.errors);
  return { calls, tokens: num(r?.tokens), cost: num(r?.cost), p95Ms: numOrNull(r?.p95), errors, errorRate: calls > 0 ? errors / calls : 0, sampledCalls: num(r?.sampled_calls) };
}

export function costRangeBounds(range: CostRange, now = new Date()): { from: Date; to: Date } {
  return { from: new Date(now.getTime() - COST_RANGES[range] * 86_400_000), to: now };
}

/** The UTC days a window only partly covers (lib/time-range), drawn apart on daily charts. */
export { partialDays } from "@/lib/time-range/range";

/**
 * When the project's model calls (kept or sampled out) begin, null without any: the previous period of a comparison
 * is partial when it starts before this and empty when it ends before it.
 */
export async function firstModelCallAt(db: Db, projectId: string): Promise<Date | null> {
  const rows = rowsOf<Row>(
    await db.execute(sql`select least(
      (select min(start_time) from observations where project_id = ${projectId} and ${MODEL_CALLS}),
      (select min(start_time) from sampled_observations where project_id = ${projectId} and ${MODEL_CALLS})) as t`),
  );
  const t = rows[0]?.t;
  return t === null || t === undefined ? null : new Date(t as string);
}

/**
 * Restricts calls to traces (kept or sampled out) of a cohort's members: a probe of the membership primary key
 * (project_id, cohort_id, user_id) per trace, and of the traces' primary keys per call.
 */
function inCohort(projectId: string, cohort: string | undefined) {
  if (!cohort) return { calls: sql``, traces: sql`` };
  const member = (userColumn: SQL) => sql`exists (select 1 from cohort_members cm where cm.project_id = ${projectId} and cm.cohort_id = ${cohort}::uuid and cm.user_id = ${userColumn})`;
  return {
    calls: sql` and exists (select 1 from (select project_id, id, user_id from traces union all select project_id, id, user_id from sampled_traces) ct
      where ct.project_id = observations.project_id and ct.id = observations.trace_id and ${member(sql`ct.user_id`)})`,
    traces: sql` and ${member(sql`traces.user_id`)}`,
  };
}

export async function costBoard(db: Db, projectId: string, bounds: { from: Date; to: Date; cohort?: string }, limits = { users: 10, traces: 10 }): Promise<CostBoard> {
  const from = bounds.from.toISOString();
  const to = bounds.to.toISOString();
  const cohort = inCohort(projectId, bounds.cohort);
  const inRange = sql`project_id = ${projectId} and start_time >= ${from}::timestamptz and start_time < ${to}::timestamptz and ${MODEL_CALLS} and ${NOT_INTERNAL_OBSERVATION}${cohort.calls}`;
  const tracesInRange = sql`project_id = ${projectId} and timestamp >= ${from}::timestamptz and timestamp < ${to}::timestamptz and environment <> ${INTERNAL}${cohort.traces}`;
  const [models, days, users, top] = await Promise.all([
    db.execute(sql`
      select coalesce(model, '(unknown)') as model, count(*)::int as calls,
        coalesce(sum(usage_input), 0)::float8 as input_tokens, coalesce(sum(usage_output), 0)::float8 as output_tokens,
        coalesce(sum(cost_total), 0)::float8 as cost,
        percentile_cont(0.5) within group (order by ${DURATION_MS}) as p50,
        percentile_cont(0.95) within group (order by ${DURATION_MS}) as p95,
        percentile_cont(0.99) within group (order by ${DURATION_MS}) as p99,
        count(*) filter (where level = 'ERROR')::int as errors
      from ${ALL_OBSERVATIONS} where ${inRange}
      group by coalesce(model, '(unknown)')
      order by ${sql.raw(costRank("cost_total"))} desc, calls desc, model`),
    db.execute(sql`
      select to_char(date_trunc('day', start_time at time zone 'UTC'), 'YYYY-MM-DD') as day, ${CALL_TOTALS}
      from ${ALL_OBSERVATIONS} where ${inRange}
      group by 1 order by 1`),
    db.execute(sql`
      select user_id, count(*)::int as traces, coalesce(sum(total_tokens), 0)::float8 as tokens, coalesce(sum(total_cost), 0)::float8 as cost
      from ${ALL_TRACES}
      where ${tracesInRange} and user_id is not null
      group by user_id order by ${sql.raw(costRank("total_cost"))} desc, user_id limit ${limits.users}`),
    db.execute(sql`
      select id, name, user_id, timestamp, total_tokens, total_cost, latency_ms
      from traces
      where ${tracesInRange} and total_cost > 0
      order by total_cost desc, id limit ${limits.traces}`),
  ]);
  return costBoardFromRows(bounds, { models: rowsOf<Row>(models), days: rowsOf<Row>(days), users: rowsOf<Row>(users), top: rowsOf<Row>(top) });
}

/**
 * The board from its four row sets (by model, by day, top users, top traces), whichever engine computed them: the hot
 * SQL above, or DuckDB across the tiers (warm-costs.ts) with the same column names.
 */
export function costBoardFromRows(bounds: { from: Date; to: Date }, rows: { models: Row[]; days: Row[]; users: Row[]; top: Row[] }): CostBoard {
  const byModel = rows.models.map((r) => ({
    model: String(r.model),
    calls: num(r.calls),
    inputTokens: num(r.input_tokens),
    outputTokens: num(r.output_tokens),
    cost: num(r.cost),
    p50Ms: numOrNull(r.p50),
    p95Ms: numOrNull(r.p95),
    p99Ms: numOrNull(r.p99),
    errors: num(r.errors),
    errorRate: num(r.calls) > 0 ? num(r.errors) / num(r.calls) : 0,
  }));
  const byDay = rows.days.map((r) => ({ day: String(r.day), ...callTotals(r) }));
  return {
    from: bounds.from,
    to: bounds.to,
    totals: {
      calls: byDay.reduce((s, d) => s + d.calls, 0),
      tokens: byDay.reduce((s, d) => s + d.tokens, 0),
      cost: byDay.reduce((s, d) => s + d.cost, 0),
      errors: byDay.reduce((s, d) => s + d.errors, 0),
      sampledCalls: byDay.reduce((s, d) => s + d.sampledCalls, 0),
    },
    byModel,
    byDay,
    topUsers: rows.users.map((r) => ({ userId: String(r.user_id), traces: num(r.traces), tokens: num(r.tokens), cost: num(r.cost) })),
    topTraces: rows.top.map((r) => ({
      id: String(r.id),
      name: r.name === null ? null : String(r.name),
      userId: r.user_id === null ? null : String(r.user_id),
      timestamp: new Date(r.timestamp as string | number | Date),
      totalTokens: num(r.total_tokens),
      totalCost: num(r.total_cost),
      latencyMs: numOrNull(r.latency_ms),
    })),
  };
}

/**
 * The same model-call totals per project of an organization (every project, zeros where there were no calls),
 * most expensive first. Membership is per organization, so whoever may read one project's costs may read these.
 */
export async function costByProject(db: Db, orgId: string, bounds: { from: Date; to: Date }): Promise<ProjectCostRow[]> {
  const orgProjects = await db.select({ id: projects.id, name: projects.name }).from(projects).where(eq(projects.orgId, orgId)).orderBy(asc(projects.name));
  if (orgProjects.length === 0) return [];
  const ids = sql.join(orgProjects.map((p) => sql`${p.id}::uuid`), sql`, `);
  const result = await db.execute(sql`
    select project_id, ${CALL_TOTALS}
    from ${ALL_OBSERVATIONS}
    where project_id in (${ids}) and start_time >= ${bounds.from.toISOString()}::timestamptz and start_time < ${bounds.to.toISOString()}::timestamptz
      and ${MODEL_CALLS} and ${NOT_INTERNAL_OBSERVATION}
    group by project_id`);
  const byId = new Map(rowsOf<Row>(result).map((r) => [String(r.project_id), r]));
  return orgProjects
    .map((p) => ({ projectId: p.id, name: p.name, ...callTotals(byId.get(p.id)) }))
    .sort(byCostDesc);
}

/** The "By project" order: most expensive first, then most calls, then by name. */
export const byCostDesc = (a: ProjectCostRow, b: ProjectCostRow) =>
  Math.round(b.cost * 1e9) - Math.round(a.cost * 1e9) || b.calls - a.calls || a.name.localeCompare(b.name);

/**
 * A summed cost as a rank key, in nanodollars: PostgreSQL and DuckDB (the warm tier) add floating-point costs in
 * different orders, so two equal totals can differ in their last bits and swap places between the tiers; rounded,
 * they tie and the next key decides. Valid SQL for both engines (the hot and warm boards use it).
 */
export const costRank = (column: "cost_total" | "total_cost") => `round(coalesce(sum(${column}), 0) * 1e9)`;
