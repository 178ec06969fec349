/**
 * experiment_unit_totals: the sums of experiment_unit_values per variant and cohort (db/schema/experiments.ts). Every
 * statement that writes or deletes per-user rows applies the difference here in the same statement, so the results
 * job reads a handful of rows instead of aggregating one row per exposed user.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { MetricDefinition } from "../definition";
import { summariesFromSplit, type ExposureCounts, type MetricSummariesResult } from "./metric-query";

const SUM_COLUMNS = ["sy", "syy", "sd", "sdd", "syd"] as const;
type SumColumn = (typeof SUM_COLUMNS)[number];

/** One writer of an experiment's per-user rows and totals at a time (results runs and erasures). */
export async function lockUnits(tx: Pick<Db, "execute">, experimentId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`experiment-units:${experimentId}`}, 0))`);
}

/**
 * An insert adding to the totals the signed sums of `changes`: unit rows (project_id, experiment_id, variant_key,
 * cohort, metric_values) with a `sign`, +1 for a row written, -1 for a row's previous version or a deleted row.
 * Keys are written in order, so concurrent writers lock totals rows in one order; keys whose sums do not change are
 * skipped.
 */
export function applyToTotals(changes: SQL, metricCount: number): SQL {
  const sums: string[] = [];
  const unpivot = ["(0, g.n0, 0::float8, 0::float8, 0::float8, 0::float8, 0::float8)"];
  for (let i = 1; i <= metricCount; i++) {
    const [y, d] = [`c.metric_values[${2 * i - 1}]`, `c.metric_values[${2 * i}]`];
    const terms: Record<SumColumn, string | number> = { sy: y, syy: `${y} * ${y}`, sd: d, sdd: `${d} * ${d}`, syd: `${y} * ${d}` };
    sums.push(`sum(c.sign * (${y} is not null)::int) as n${i}`);
    for (const column of SUM_COLUMNS) sums.push(`coalesce(sum(c.sign * ${terms[column]}), 0) as ${column}${i}`);
    unpivot.push(`(${i}, g.n${i}, ${SUM_COLUMNS.map((column) => `g.${column}${i}`).join(", ")})`);
  }
  return sql`
    insert into experiment_unit_totals as t (project_id, experiment_id, variant_key, cohort, metric_index, n, sy, syy, sd, sdd, syd)
    select g.project_id, g.experiment_id, g.variant_key, g.cohort, v.k, v.n, v.sy, v.syy, v.sd, v.sdd, v.syd
    from (
      select c.project_id, c.experiment_id, c.variant_key, c.cohort, sum(c.sign) as n0 ${sql.raw(sums.map((s) => `, ${s}`).join(""))}
      from (${changes}) c
      group by c.project_id, c.experiment_id, c.variant_key, c.cohort
    ) g
    cross join lateral (values ${sql.raw(unpivot.join(", "))}) v(k, n, sy, syy, sd, sdd, syd)
    where (v.n, v.sy, v.syy, v.sd, v.sdd, v.syd) <> (0, 0, 0, 0, 0, 0)
    order by g.experiment_id, g.variant_key, g.cohort, v.k
    on conflict (experiment_id, variant_key, cohort, metric_index) do update set
      n = t.n + excluded.n, sy = t.sy + excluded.sy, syy = t.syy + excluded.syy,
      sd = t.sd + excluded.sd, sdd = t.sdd + excluded.sdd, syd = t.syd + excluded.syd`;
}

/**
 * Erasure: deletes an end user's per-user rows and subtracts them from the totals, under each experiment's lock (so
 * a results run in flight finishes first and cannot write the user back). Called in the erasure's transaction,
 * before anything else, so the locks are taken in experiment order with nothing else held.
 */
export async function forgetUnitValues(tx: Pick<Db, "execute">, projectId: string, userId: string) {
  const experiments = rowsOf<{ experiment_id: string }>(
    await tx.execute(sql`
      select distinct experiment_id from experiment_exposures where project_id = ${projectId} and user_id = ${userId}
      order by experiment_id`),
  );
  for (const { experiment_id: experimentId } of experiments) {
    await lockUnits(tx, experimentId);
    const [row] = rowsOf<{ metrics: number | null }>(
      await tx.execute(sql`
        select max(cardinality(metric_values)) / 2 as metrics from experiment_unit_values
        where experiment_id = ${experimentId} and user_id = ${userId}`),
    );
    if (row?.metrics == null) continue;
    await tx.execute(sql`
      with removed as (
        delete from experiment_unit_values where experiment_id = ${experimentId} and user_id = ${userId}
        returning project_id, experiment_id, variant_key, cohort, metric_values, -1 as sign
      )
      ${applyToTotals(sql`select * from removed`, Number(row.metrics))}`);
  }
}

/** Exposure counts and per-metric sufficient statistics (totals and cohorts) from experiment_unit_totals. */
export async function summariesFromUnits(
  db: Db,
  projectId: string,
  experimentId: string,
  metrics: MetricDefinition[],
): Promise<{ counts: ExposureCounts; summaries: MetricSummariesResult }> {
  const rows = rowsOf<{ variant_key: string | null; cohort: string; metric_index: number; n: string | number } & Record<SumColumn, string | number>>(
    await db.execute(sql`
      select variant_key, cohort, metric_index, n, sy, syy, sd, sdd, syd from experiment_unit_totals
      where experiment_id = ${experimentId} and project_id = ${projectId} and n <> 0 and metric_index <= ${metrics.length}
      order by variant_key, cohort, metric_index`),
  );
  // One row per (variant, cohort) with n and the sums of metric i as sy{i}, syy{i}, …: the shape summariesFromSplit reads.
  const split = new Map<string, Record<string, string | number | null>>();
  for (const r of rows) {
    const key = JSON.stringify([r.variant_key, r.cohort]);
    // n{i}: the units with a value of metric i (a score metric's users without a score are no units of it).
    const row = split.get(key) ?? { variant_key: r.variant_key, cohort: r.cohort, n: 0, ...Object.fromEntries(metrics.map((_, i) => [`n${i}`, 0])) };
    if (r.metric_index === 0) row.n = Number(r.n);
    else {
      row[`n${r.metric_index - 1}`] = Number(r.n);
      for (const column of SUM_COLUMNS) row[`${column}${r.metric_index - 1}`] = r[column];
    }
    split.set(key, row);
  }
  const units = [...split.values()].filter((r) => r.variant_key !== null);
  const byVariant = new Map<string, number>();
  for (const r of units) byVariant.set(String(r.variant_key), (byVariant.get(String(r.variant_key)) ?? 0) + Number(r.n));
  const counts: ExposureCounts = {
    exposures: [...byVariant].map(([variantKey, users]) => ({ variantKey, users })),
    multipleExposureUsers: [...split.values()].filter((r) => r.variant_key === null).reduce((s, r) => s + Number(r.n), 0),
  };
  return { counts, summaries: metrics.length ? summariesFromSplit(metrics, units) : { totals: new Map(), cohorts: new Map() } };
}
