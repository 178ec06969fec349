/**
 * Incremental results: per-user metric values (experiment_unit_values) kept current by the results job, so a run
 * recomputes only the users whose inputs changed, instead of joining every exposed user to their events again
 * (metric-query.ts, the full computation, stays the reference and the daily-series backfill path). A trigger keeps
 * their sums per variant and cohort in experiment_unit_totals, which is all a run then reads.
 *
 * A user's values depend on their exposures before `until` and on their metric events inside the conversion
 * window before `until`. Between two runs (previous `until` U0 and database-time watermark W0, this run's `until` U)
 * they can change only when
 *   - an exposure was logged since W0 (experiment_exposures.logged_at), or an exposure's first_exposed_at lies in
 *     [U0, U) (it was not counted last time);
 *   - a metric event was received since W0 (events.received_at; late events with old timestamps included), or an
 *     event's timestamp lies in [U0, U) (it was past `until` last time);
 *   - (score metrics) a score of a metric's name was written since W0 (scores.created_at) on one of their traces, or
 *     such a scored trace's timestamp lies in [U0, U);
 *   - (impressions metrics) an impression was logged since W0 or served in [U0, U), or an interaction naming an
 *     impression was received since W0 or happened in [U0, U);
 *   - their end_users row (plan, hence cohort) was written since W0 (end_users.updated_at; an identify sets it).
 * The cohort is the plan at the user's first exposure (lib/users/store/plan-at.ts), not the current plan.
 * Those users ("dirty") are recomputed whole with the same SQL expressions as the full computation and upserted, so
 * per-user values are identical to a full recompute. W0 is read back LATE_COMMIT_MARGIN_MS earlier, because a row's
 * received_at/logged_at is its transaction's start time and a transaction that started before W0 may commit after
 * the run read the tables. The rows are rebuilt from scratch when there is no state yet, when the metric
 * definitions change, when `until` moves backwards, and once every FULL_REBUILD_AFTER_MS (events deleted by the
 * retention job leave no trace to detect them by; a user's erasure deletes their unit row with their exposures, and
 * the trigger takes it out of the totals in the same transaction).
 */
import { createHash } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { withPlannerSettings } from "@/db/planner-settings";
import { metricEventNames, type MetricDefinition } from "../definition";
import { perUnitValues, unitEventsJoin } from "./metric-query";
import { applyToTotals, lockUnits } from "./unit-totals";
import { planAt } from "@/lib/users/store/plan-at";

export const LATE_COMMIT_MARGIN_MS = 10 * 60_000;
export const FULL_REBUILD_AFTER_MS = 24 * 3_600_000;

export interface UnitRefresh {
  mode: "rebuild" | "incremental";
  /** Why the rows were rebuilt (null when incremental). */
  reason: "no state" | "metrics changed" | "until moved back" | "periodic" | null;
  /** Users recomputed (exposed users among the dirty ones; all exposed users on a rebuild). */
  usersRecomputed: number;
  /** Time spent bringing the per-user rows up to date. */
  refreshMs: number;
}

/** What per-user values depend on besides the data: each metric's definition, in order. */
export function metricsSignature(metrics: MetricDefinition[]): string {
  const relevant = metrics.map((m) => [m.key, m.type, m.numerator ?? null, m.denominator ?? null, m.windowHours, ...(m.score ? [m.score] : []), ...(m.impressions ? ["impressions"] : [])]);
  return createHash("sha256").update(JSON.stringify(relevant)).digest("hex");
}

/**
 * Writes the per-user rows of the exposed users: all of them (a rebuild, into an empty table), or those of the
 * `dirty` query, upserted, with the difference between their new and previous rows applied to the totals in the
 * same statement (`previous` reads the rows as they were when the statement began). Returns the users written.
 */
function writeUnits(projectId: string, experimentId: string, metrics: MetricDefinition[], until: Date, dirty: SQL | null): SQL {
  const untilIso = until.toISOString();
  const values = metrics.length
    ? sql`array[${sql.join(
        metrics.flatMap((m) => {
          const { y, d } = perUnitValues(m, projectId, until);
          return [y, d];
        }),
        sql`, `,
      )}]::double precision[]`
    : sql`'{}'::double precision[]`;
  const join = metrics.length ? sql`left join events e on x.variants = 1 and ${unitEventsJoin(projectId, metrics, until)}` : sql``;
  return sql`
    with ${dirty ? sql`dirty as (${dirty}),` : sql``}
    per_user as (
      select user_id, count(*) as variants, min(variant_key) as variant_key, min(first_exposed_at) as first_exposed_at
      from experiment_exposures
      where project_id = ${projectId} and experiment_id = ${experimentId} and first_exposed_at < ${untilIso}::timestamptz
        ${dirty ? sql`and user_id in (select user_id from dirty)` : sql``}
      group by user_id
    ),
    unit as (
      select x.user_id, min(x.variants) as variants, min(x.variant_key) as variant_key, min(x.first_exposed_at) as first_exposed_at,
        ${values} as metric_values
      from per_user x ${join}
      group by x.user_id
    ),
    ${dirty ? sql`previous as (
      select project_id, experiment_id, variant_key, cohort, metric_values from experiment_unit_values
      where experiment_id = ${experimentId} and user_id in (select user_id from dirty)
    ),` : sql``}
    written as (
      insert into experiment_unit_values (project_id, experiment_id, user_id, variant_key, cohort, first_exposed_at, metric_values)
      select ${projectId}::uuid, ${experimentId}::uuid, unit.user_id, case when variants = 1 then variant_key end,
        ${planAt(projectId, sql`unit.user_id`, sql`unit.first_exposed_at`, sql`eu.plan`)}, first_exposed_at,
        case when variants = 1 then metric_values else '{}'::double precision[] end
      from unit left join end_users eu on eu.project_id = ${projectId} and eu.user_id = unit.user_id
      ${dirty ? sql`on conflict (experiment_id, user_id) do update set variant_key = excluded.variant_key, cohort = excluded.cohort,
        first_exposed_at = excluded.first_exposed_at, metric_values = excluded.metric_values` : sql``}
      returning project_id, experiment_id, variant_key, cohort, metric_values
    )
    ${dirty ? sql`, applied as (${applyToTotals(sql`select *, -1 as sign from previous union all select *, 1 as sign from written`, metrics.length)})` : sql``}
    select count(*)::int as users from written`;
}

/** Users whose values may have changed since the last run (see the file comment); one select per index used. */
function dirtyUsers(projectId: string, experimentId: string, metrics: MetricDefinition[], since: Date, prevUntil: Date, until: Date): SQL {
  const [s, u0, u] = [since.toISOString(), prevUntil.toISOString(), until.toISOString()];
  const names = [...new Set(metrics.flatMap(metricEventNames))];
  const scoreNames = [...new Set(metrics.flatMap((m) => (m.score ? [m.score.name] : [])))];
  // Score metrics: a score written since the watermark (online evaluation, a review, the API), or a scored trace
  // whose timestamp was past `until` last time.
  const scoreParts = scoreNames.length
    ? sql`
      union
      select t.user_id from scores s join traces t on t.project_id = s.project_id and t.id = s.trace_id
      where s.project_id = ${projectId} and s.created_at >= ${s}::timestamptz and t.user_id is not null
        and s.name in (${sql.join(scoreNames.map((n) => sql`${n}`), sql`, `)})
      union
      select t.user_id from traces t
      where t.project_id = ${projectId} and t.timestamp >= ${u0}::timestamptz and t.timestamp < ${u}::timestamptz and t.user_id is not null
        and exists (select 1 from scores s where s.project_id = t.project_id and s.trace_id = t.id
          and s.name in (${sql.join(scoreNames.map((n) => sql`${n}`), sql`, `)}))`
    : sql``;
  const impressionParts = metrics.some((m) => m.impressions)
    ? sql`
      union
      select user_id from personalization_impressions
      where project_id = ${projectId} and (logged_at >= ${s}::timestamptz or (served_at >= ${u0}::timestamptz and served_at < ${u}::timestamptz))
      union
      select user_id from personalization_interactions
      where project_id = ${projectId} and impression_id is not null
        and (received_at >= ${s}::timestamptz or (occurred_at >= ${u0}::timestamptz and occurred_at < ${u}::timestamptz))`
    : sql``;
  const eventParts = names.length
    ? sql`
      union
      select user_id from events
      where project_id = ${projectId} and received_at >= ${s}::timestamptz and user_id is not null
        and name in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})
      union
      select user_id from events
      where project_id = ${projectId} and timestamp >= ${u0}::timestamptz and timestamp < ${u}::timestamptz and user_id is not null
        and name in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})`
    : sql``;
  return sql`
      select user_id from experiment_exposures
      where project_id = ${projectId} and experiment_id = ${experimentId} and logged_at >= ${s}::timestamptz
      union
      select user_id from experiment_exposures
      where project_id = ${projectId} and experiment_id = ${experimentId}
        and first_exposed_at >= ${u0}::timestamptz and first_exposed_at < ${u}::timestamptz
      ${eventParts}
      ${scoreParts}
      ${impressionParts}
      union
      select user_id from end_users where project_id = ${projectId} and updated_at >= ${s}::timestamptz`;
}

/** Brings experiment_unit_values up to date for `until`, in one transaction (one refresh per experiment at a time). */
export async function refreshUnitValues(
  db: Db,
  projectId: string,
  experimentId: string,
  metrics: MetricDefinition[],
  until: Date,
): Promise<UnitRefresh> {
  const signature = metricsSignature(metrics);
  const started = performance.now();
  return db.transaction(async (tx) => {
    await lockUnits(tx, experimentId);
    const [clock] = rowsOf<{ now: string | Date }>(await tx.execute(sql`select now() as now`));
    const dbNow = new Date(clock.now);
    const [state] = rowsOf<{ signature: string; until: string | Date; watermark: string | Date; rebuilt_at: string | Date }>(
      await tx.execute(sql`select signature, until, watermark, rebuilt_at from experiment_unit_state where experiment_id = ${experimentId}`),
    );
    const prevUntil = state ? new Date(state.until) : null;
    const reason: UnitRefresh["reason"] = !state
      ? "no state"
      : state.signature !== signature
        ? "metrics changed"
        : until < prevUntil!
          ? "until moved back"
          : dbNow.getTime() - new Date(state.rebuilt_at).getTime() >= FULL_REBUILD_AFTER_MS
            ? "periodic"
            : null;
    const usersWritten = async (on: Db, query: SQL) => rowsOf<{ users: number }>(await on.execute(query))[0].users;
    let usersRecomputed: number;
    if (reason) {
      await tx.execute(sql`delete from experiment_unit_values where experiment_id = ${experimentId}`);
      await tx.execute(sql`delete from experiment_unit_totals where experiment_id = ${experimentId}`);
      usersRecomputed = await usersWritten(tx, writeUnits(projectId, experimentId, metrics, until, null));
      // One aggregation after the bulk insert (parallel, unlike an aggregation over the insert's returned rows).
      await tx.execute(
        applyToTotals(sql`select project_id, experiment_id, variant_key, cohort, metric_values, 1 as sign from experiment_unit_values
          where experiment_id = ${experimentId}`, metrics.length),
      );
    } else {
      // A few users: their index lookups run on cached pages; priced as random disk reads (the default 4.0) the
      // planner prefers scanning all 2.4M events once, which takes twice as long. (JIT is off per connection.)
      const since = new Date(new Date(state.watermark).getTime() - LATE_COMMIT_MARGIN_MS);
      const dirty = dirtyUsers(projectId, experimentId, metrics, since, prevUntil!, until);
      usersRecomputed = await withPlannerSettings(tx, { random_page_cost: 1.1 }, (sp) =>
        usersWritten(sp, writeUnits(projectId, experimentId, metrics, until, dirty)));
    }
    const rebuiltAt = reason ? dbNow : new Date(state.rebuilt_at);
    await tx.execute(sql`
      insert into experiment_unit_state (experiment_id, project_id, signature, until, watermark, rebuilt_at)
      values (${experimentId}, ${projectId}, ${signature}, ${until.toISOString()}::timestamptz, ${dbNow.toISOString()}::timestamptz,
              ${rebuiltAt.toISOString()}::timestamptz)
      on conflict (experiment_id) do update set signature = excluded.signature, until = excluded.until,
        watermark = excluded.watermark, rebuilt_at = excluded.rebuilt_at`);
    return { mode: reason ? "rebuild" : "incremental", reason, usersRecomputed, refreshMs: Math.round(performance.now() - started) };
  });
}
