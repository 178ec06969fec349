// The cost board over a range that reaches past hot retention: the same figures as costBoard (lib/traces/store/costs.ts),
// computed by DuckDB over the warm tier's trace and call summaries for days whose hot rows may be gone, and the hot
// rows for the rest (lib/warehouse/tier-views.ts). Null when the hot tables answer the whole range.
import { and, eq } from "drizzle-orm";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Db } from "@/db/client";
import { cohortMembers } from "@/db/schema";
import { withTierViews } from "@/lib/warehouse/tier-views";
import { userIdTable } from "@/lib/warehouse/duckdb";
import { costBoardFromRows, costRank, type CostBoard } from "./costs";

type Row = Record<string, unknown>;
const DAY_US = 86_400_000_000n;
const micros = (t: Date) => BigInt(t.getTime()) * 1000n;

const DURATION_MS = "((epoch_us(end_time) - epoch_us(start_time)) / 1000.0)";
const CALL_TOTALS = `count(*) as calls,
  coalesce(sum(coalesce(usage_total, coalesce(usage_input, 0) + coalesce(usage_output, 0))), 0)::double as tokens,
  coalesce(sum(cost_total), 0)::double as cost,
  quantile_cont(${DURATION_MS}, 0.95) as p95,
  count(*) filter (where level = 'ERROR') as errors,
  count(*) filter (where sampled) as sampled_calls`;

async function rows(conn: DuckDBConnection, q: string): Promise<Row[]> {
  return (await conn.runAndReadAll(q)).getRowObjectsJS() as Row[];
}

/** The cohort filter's members loaded into DuckDB (an extra predicate on user_id), or "" for no cohort. */
async function cohortFilter(conn: DuckDBConnection, members: string[] | null): Promise<string> {
  if (!members) return "";
  await userIdTable(conn, "cohort_users", members);
  return " and user_id in (select user_id from cohort_users)";
}

/** The model calls of the range (the board's and the by-project table's call set, as MODEL_CALLS in the hot SQL). */
const callsIn = (bounds: { from: Date; to: Date }, cohort: string) =>
  `epoch_us(start_time) >= ${micros(bounds.from)} and epoch_us(start_time) < ${micros(bounds.to)} and type in ('generation', 'embedding') and environment is distinct from 'prism-internal'${cohort}`;

/**
 * A project's model-call totals over a range that reaches past hot retention (the "By project" row, as costByProject
 * computes it from the hot tables); null when the hot tables answer the whole range.
 */
export async function warmCallTotals(db: Db, projectId: string, bounds: { from: Date; to: Date }, now: Date): Promise<Row | null> {
  return withTierViews(db, projectId, ["observations"], bounds, now, async (conn) => (await rows(conn, `select ${CALL_TOTALS} from observations where ${callsIn(bounds, "")}`))[0]);
}

export async function warmCostBoard(
  db: Db,
  projectId: string,
  bounds: { from: Date; to: Date; cohort?: string },
  limits: { users: number; traces: number },
  now: Date,
): Promise<CostBoard | null> {
  const members = bounds.cohort
    ? (await db.select({ userId: cohortMembers.userId }).from(cohortMembers).where(and(eq(cohortMembers.projectId, projectId), eq(cohortMembers.cohortId, bounds.cohort)))).map((m) => m.userId)
    : null;
  return withTierViews(db, projectId, ["observations", "traces"], bounds, now, async (conn) => {
    const cohort = await cohortFilter(conn, members);
    const [from, to] = [micros(bounds.from), micros(bounds.to)];
    const calls = callsIn(bounds, cohort);
    const tracesInRange = `epoch_us(timestamp) >= ${from} and epoch_us(timestamp) < ${to} and environment <> 'prism-internal'${cohort}`;
    const models = await rows(conn, `
      select coalesce(model, '(unknown)') as model, count(*) as calls,
        coalesce(sum(usage_input), 0)::double as input_tokens, coalesce(sum(usage_output), 0)::double as output_tokens,
        coalesce(sum(cost_total), 0)::double as cost,
        quantile_cont(${DURATION_MS}, 0.5) as p50, quantile_cont(${DURATION_MS}, 0.95) as p95, quantile_cont(${DURATION_MS}, 0.99) as p99,
        count(*) filter (where level = 'ERROR') as errors
      from observations where ${calls}
      group by coalesce(model, '(unknown)') order by ${costRank("cost_total")} desc, calls desc, model`);
    const days = await rows(conn, `
      select strftime(make_timestamp((epoch_us(start_time) // ${DAY_US}) * ${DAY_US}), '%Y-%m-%d') as day, ${CALL_TOTALS}
      from observations where ${calls} group by 1 order by 1`);
    const users = await rows(conn, `
      select user_id, count(*) as traces, coalesce(sum(total_tokens), 0)::double as tokens, coalesce(sum(total_cost), 0)::double as cost
      from traces where ${tracesInRange} and user_id is not null
      group by user_id order by ${costRank("total_cost")} desc, user_id limit ${limits.users}`);
    const top = await rows(conn, `
      select id, name, user_id, epoch_ms(timestamp)::double as timestamp, total_tokens, total_cost, latency_ms
      from traces where ${tracesInRange} and not sampled and total_cost > 0
      order by total_cost desc, id limit ${limits.traces}`);
    return costBoardFromRows(bounds, { models, days, users, top });
  });
}
