/**
 * Experiment results broken down by a saved cohort (members vs everyone else) instead of the default split by plan at
 * first exposure. Reads the per-user values the results job keeps (experiment_unit_values), so the breakdown describes
 * the same users and values as the stored results; membership is the cohort's as of its last refresh.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { MetricDefinition } from "../definition";
import { summariesFromSplit, type MetricSummariesResult } from "./metric-query";

export const IN_COHORT = "in cohort";
export const NOT_IN_COHORT = "not in cohort";

/**
 * Sufficient statistics per variant of each metric, for the cohort's members and for the other exposed users, in the
 * shape of the plan split (`cohorts` per metric; the two parts add up to the totals). Users seen in two variants are
 * excluded, as in the results.
 */
export async function summariesByCohortMembership(
  db: Db,
  projectId: string,
  experimentId: string,
  metrics: MetricDefinition[],
  cohortId: string,
): Promise<MetricSummariesResult> {
  if (metrics.length === 0) return { totals: new Map(), cohorts: new Map() };
  const sums = metrics.flatMap((_, i) => {
    const [y, d] = [`u.metric_values[${2 * i + 1}]`, `u.metric_values[${2 * i + 2}]`];
    return [
      // Users with a value (a score metric skips users without a score), as the stored totals count them.
      `count(${y})::int as n${i}`,
      `coalesce(sum(${y}), 0) as sy${i}`,
      `coalesce(sum(${y} * ${y}), 0) as syy${i}`,
      `coalesce(sum(${d}), 0) as sd${i}`,
      `coalesce(sum(${d} * ${d}), 0) as sdd${i}`,
      `coalesce(sum(${y} * ${d}), 0) as syd${i}`,
    ];
  });
  const rows = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      select u.variant_key,
        case when m.user_id is null then ${NOT_IN_COHORT} else ${IN_COHORT} end as cohort,
        count(*)::int as n, ${sql.raw(sums.join(", "))}
      from experiment_unit_values u
      left join cohort_members m on m.project_id = u.project_id and m.cohort_id = ${cohortId} and m.user_id = u.user_id
      where u.experiment_id = ${experimentId} and u.project_id = ${projectId} and u.variant_key is not null
      group by 1, 2
      order by 1, 2`),
  );
  return summariesFromSplit(metrics, rows);
}
