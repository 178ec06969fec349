// Reads the funnel from the rollup (`user_event_times`, sorted `float8[]` chunks of microseconds since 1970), from the
// chunks that overlap [from, to + window] (one chunk per event name and user unless they did it more than 128 times),
// instead of one row per event. Only for steps without property filters (the rollup does not keep properties);
// lib/user-insights/insights.ts sends the others to the raw SQL.
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { withPlannerSettings, type PlannerSettings } from "@/db/planner-settings";
import type { Breakdown, FunnelDroppedInput, FunnelInput } from "../inputs";
import type { UserTimeline } from "../funnel-timeline";
import { breakdownJoin } from "./breakdown";
import { col, countsOfBest, droppedOfBest, reachedCase, type FunnelStepRow } from "./funnel";

type Range = { from: Date; to: Date; windowSeconds: number };

const overlaps = (range: Range) =>
  sql`t.last_at >= ${range.from.toISOString()}::timestamptz and t.first_at <= ${new Date(range.to.getTime() + range.windowSeconds * 1000).toISOString()}::timestamptz`;

/**
 * `best(user_id, reached, t1..tk)` (times in microseconds), for steps of distinct event names, inside PostgreSQL: per
 * user one sorted array per step (the chunk itself, or the overlapping chunks merged when there are several); every
 * step-1 time in [from, to) starts an attempt whose step j is the first step-j time at or after step j - 1, found by
 * binary search (width_bucket counts the elements <= its operand; times are whole microseconds, so "< t" is
 * "<= t - 1"). Distinct names mean no event can serve two steps, so the greedy chain needs no bookkeeping. A user keeps
 * their furthest, then earliest, attempt, as in the raw SQL (lib/user-insights/store/funnel.ts).
 */
function bestFromTimes(projectId: string, steps: string[], range: Range): SQL {
  const k = steps.length;
  const fromUs = range.from.getTime() * 1000;
  const toUs = range.to.getTime() * 1000;
  const windowUs = range.windowSeconds * 1e6;
  const arrays = steps.map((name, i) => {
    const merged = sql`(select array_agg(x order by x) from user_event_times t, unnest(t.times) x
      where t.project_id = ${projectId} and t.name = ${name} and t.user_id = c.user_id and ${overlaps(range)})`;
    return sql`case count(*) filter (where c.name = ${name}) when 0 then null
      when 1 then min(c.times) filter (where c.name = ${name}) else ${merged} end as ${col("a", i + 1)}`;
  });
  // The attempts, one row per step-1 time in [from, to), each step in its own subquery over the previous one's rows.
  // OFFSET 0 keeps the levels apart: flattened, every later step and the reach test would repeat the earlier steps'
  // binary searches inline (12 width_bucket calls per 4-step attempt instead of 3). Nested subqueries over a
  // target-list unnest (ProjectSet) rather than an unnest in FROM joined to one lateral subquery per step: no
  // function-scan tuplestore and no nested-loop rescans per attempt; at 2M events (load 25-29, 4 interleaved rounds,
  // same counts) 5.4-9.5 s (median 5.7) against 6.7-9.8 s (median 7.6), faster in 3 rounds of 4.
  let attempts = sql`select unnest(u.a1) as t1`;
  for (let j = 2; j <= k; j++) {
    const [a, prev] = [sql`u.${col("a", j)}`, col("t", j - 1)];
    const earlier = sql.join(Array.from({ length: j - 1 }, (_, i) => col("t", i + 1)), sql`, `);
    const inRange = j === 2 ? sql` where t1 >= ${fromUs}::float8 and t1 < ${toUs}::float8` : sql``;
    attempts = sql`select ${earlier}, ${a}[width_bucket(${prev} - 1, ${a}) + 1] as ${col("t", j)} from (${attempts} offset 0) ${col("x", j - 1)}${inRange}`;
  }
  const ts = sql.join(Array.from({ length: k }, (_, i) => col("t", i + 1)), sql`, `);
  const within = (j: number) => sql`${col("t", j)} <= t1 + ${windowUs}::float8`;
  return sql`with c as (
      select t.user_id, t.name, t.times from user_event_times t
      where t.project_id = ${projectId} and t.name in (select jsonb_array_elements_text(${JSON.stringify(steps)}::jsonb)) and ${overlaps(range)}),
    u as (select c.user_id, ${sql.join(arrays, sql`, `)} from c group by c.user_id having bool_or(c.name = ${steps[0]})),
    -- max() of [reached, -t1, t1..tk] is the furthest, then earliest, attempt (equal t1 means the same chain).
    best as (select u.user_id, b.* from u cross join lateral (
      select m[1]::int as reached, ${sql.join(Array.from({ length: k }, (_, i) => sql`m[${sql.raw(String(i + 3))}] as ${col("t", i + 1)}`), sql`, `)}
      from (select max(array[(${reachedCase(k, within)})::float8, -t1, ${ts}]) as m
            from (${attempts} offset 0) att) a
      where m is not null) b)`;
}

/** Seconds from step j - 1 to step j of a row of `bestFromTimes`. */
const gapOfMicros = (j: number) => sql`(${col("t", j)} - ${col("t", j - 1)}) / 1e6`;

const distinctSteps = (steps: string[]) => new Set(steps).size === steps.length;

/**
 * The funnel's planner settings. No JIT: the funnel's estimated cost passes
 * jit_above_cost at any size, and LLVM then compiles ~90 functions (inlined and optimized) before the first row, while
 * the work is small expressions evaluated per user, which compilation does not speed up: at 2M events (load 25, same
 * counts) 9.3, 12.8 and 8.8 s with JIT against 5.9, 10.5 and 6.0 s without it, interleaved; one EXPLAIN ANALYZE showed
 * 4.1 s of JIT. No hash aggregate: at 20M events the planner groups the 4M chunk rows by user in a hash table that
 * spills in 321 batches (443 MB on disk, 15 s of a 40 s run at load 12-17), where the sort it uses at 2M streams the
 * groups: 38.0 and 27.8 s against 47.2 and 37.5 s, interleaved (load 15-16, same counts).
 */
const FUNNEL_SETTINGS: PlannerSettings = { jit: "off", enable_hashagg: "off" };

/** The funnel's counts from the rollup when its steps name distinct events (null otherwise: see `funnelTimelines`). */
export async function funnelCountsFromTimes(db: Db, projectId: string, input: FunnelInput): Promise<FunnelStepRow[] | null> {
  const steps = input.steps.map((s) => s.event);
  if (!distinctSteps(steps)) return null;
  return withPlannerSettings(db, FUNNEL_SETTINGS, (tx) => countsOfBest(tx, projectId, input, bestFromTimes(projectId, steps, input), gapOfMicros));
}

/** Who dropped at `input.step`, from the rollup, when the steps name distinct events (null otherwise). */
export async function funnelDroppedFromTimes(db: Db, projectId: string, input: FunnelDroppedInput, limit: number): Promise<string[] | null> {
  const steps = input.steps.map((s) => s.event);
  if (!distinctSteps(steps)) return null;
  return withPlannerSettings(db, FUNNEL_SETTINGS, (tx) => droppedOfBest(tx, bestFromTimes(projectId, steps, input), input.step, limit));
}

/**
 * Users with a step-1 event, with their sorted times of every step's event from the chunks overlapping
 * [from, to + window], for lib/user-insights/funnel-timeline.ts: the funnels whose steps repeat an event name (an
 * event then serves one step of an attempt only), which the SQL above does not cover.
 */
export async function funnelTimelines(db: Db, projectId: string, stepEvents: string[], range: Range): Promise<Map<string, UserTimeline>> {
  const names = [...new Set(stepEvents)];
  const rows = rowsOf<{ user_id: string; name: string; times: number[] }>(
    await db.execute(sql`
      select t.user_id, t.name, array_agg(x order by x) as times
      from user_event_times t, unnest(t.times) x
      where t.project_id = ${projectId} and t.name in (select jsonb_array_elements_text(${JSON.stringify(names)}::jsonb)) and ${overlaps(range)}
        -- Only users who could start an attempt matter.
        and exists (select 1 from user_event_times f where f.project_id = t.project_id and f.name = ${stepEvents[0]} and f.user_id = t.user_id)
      group by t.user_id, t.name`),
  );
  const users = new Map<string, UserTimeline>();
  for (const row of rows) {
    let user = users.get(row.user_id);
    if (!user) users.set(row.user_id, (user = { userId: row.user_id, times: new Map() }));
    user.times.set(row.name, Float64Array.from(row.times, Number));
  }
  return users;
}

/** The breakdown keys of the given users: their trait value (or "(none)"), or the listed cohorts they belong to. */
export async function breakdownKeys(db: Db, projectId: string, breakdown: Breakdown, firstStep: string): Promise<Map<string, string[]>> {
  const { join, key } = breakdownJoin(projectId, breakdown, sql`s.user_id`);
  const rows = rowsOf<{ user_id: string; key: string }>(
    await db.execute(sql`select s.user_id, ${key} as key from user_event_days s${join} where s.project_id = ${projectId} and s.name = ${firstStep}`),
  );
  const keys = new Map<string, string[]>();
  for (const r of rows) {
    const list = keys.get(r.user_id);
    if (list) list.push(r.key);
    else keys.set(r.user_id, [r.key]);
  }
  return keys;
}
