// Per-cohort sufficient statistics (n, Σy, Σy²) of per-user outcomes in [from, to), in one statement: success rate
// (share of a user's traces without an ERROR level), errors, cost and mean latency per user, and mean rating.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";

export interface MetricSums {
  n: number;
  sum: number;
  sumSquares: number;
}

export interface CohortOutcomeSums {
  cohortId: string;
  members: number;
  activeUsers: number;
  successRate: MetricSums;
  errorsPerUser: MetricSums;
  costPerUser: MetricSums;
  latencyMs: MetricSums;
  rating: MetricSums;
}

export async function cohortOutcomeSums(
  db: Db,
  projectId: string,
  input: { cohorts: string[]; from: Date; to: Date; ratingScore?: string },
): Promise<CohortOutcomeSums[]> {
  const range = sql`t.timestamp >= ${input.from.toISOString()}::timestamptz and t.timestamp < ${input.to.toISOString()}::timestamptz`;
  const scoreName = input.ratingScore ? sql` and s.name = ${input.ratingScore}` : sql``;
  const rows = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      with members as (
        select cohort_id, user_id from cohort_members
        where project_id = ${projectId} and cohort_id in (select (jsonb_array_elements_text(${JSON.stringify(input.cohorts)}::jsonb))::uuid)),
      per_trace as (
        select t.user_id, count(*)::float8 as traces, (count(*) filter (where t.level = 'ERROR'))::float8 as errors,
               sum(t.total_cost)::float8 as cost, avg(t.latency_ms)::float8 as latency
        from traces t where t.project_id = ${projectId} and ${range} and t.user_id in (select user_id from members)
        group by t.user_id),
      per_rating as (
        select t.user_id, avg(s.value)::float8 as rating from scores s
        join traces t on t.project_id = s.project_id and t.id = s.trace_id
        where s.project_id = ${projectId} and s.data_type in ('numeric', 'boolean') and s.value is not null${scoreName} and ${range}
          and t.user_id in (select user_id from members)
        group by t.user_id),
      per_user as (
        select m.cohort_id, coalesce(pt.traces, 0) as traces, coalesce(pt.errors, 0) as errors, coalesce(pt.cost, 0) as cost,
               pt.latency, pr.rating, case when pt.traces > 0 then 1 - pt.errors / pt.traces end as success
        from members m left join per_trace pt on pt.user_id = m.user_id left join per_rating pr on pr.user_id = m.user_id)
      select cohort_id::text as cohort_id, count(*) as members, count(success) as active,
        count(success) as s_n, coalesce(sum(success), 0) as s_sum, coalesce(sum(success * success), 0) as s_sq,
        count(*) as e_n, sum(errors) as e_sum, sum(errors * errors) as e_sq,
        count(*) as c_n, sum(cost) as c_sum, sum(cost * cost) as c_sq,
        count(latency) as l_n, coalesce(sum(latency), 0) as l_sum, coalesce(sum(latency * latency), 0) as l_sq,
        count(rating) as r_n, coalesce(sum(rating), 0) as r_sum, coalesce(sum(rating * rating), 0) as r_sq
      from per_user group by cohort_id`),
  );
  const sums = (r: Record<string, string | number | null>, p: string): MetricSums => ({ n: Number(r[`${p}_n`]), sum: Number(r[`${p}_sum`]), sumSquares: Number(r[`${p}_sq`]) });
  return rows.map((r) => ({
    cohortId: String(r.cohort_id),
    members: Number(r.members),
    activeUsers: Number(r.active),
    successRate: sums(r, "s"),
    errorsPerUser: sums(r, "e"),
    costPerUser: sums(r, "c"),
    latencyMs: sums(r, "l"),
    rating: sums(r, "r"),
  }));
}
