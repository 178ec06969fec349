// Funnel in SQL: every step-1 event in [from, to) starts an attempt; each later step takes the earliest matching
// event at or after the previous one (a different event) and within the window of t1. Greedy earliest choice is
// optimal, so an attempt reaches as far as any choice could; each user counts once, at their furthest attempt.
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { FunnelDroppedInput, FunnelInput } from "../inputs";
import { breakdownJoin } from "./breakdown";

type Step = FunnelInput["steps"][number];
type Funnel = Pick<FunnelInput, "steps" | "windowSeconds" | "from" | "to">;

function stepFilter(step: Step, alias: string): SQL {
  const a = sql.raw(alias);
  const props = step.properties && Object.keys(step.properties).length ? sql` and ${a}.properties @> ${JSON.stringify(step.properties)}::jsonb` : sql``;
  return sql`${a}.name = ${step.event}${props}`;
}

export const col = (name: string, j: number) => sql.raw(`${name}${j}`);

/** The CTE that keeps, per user, their furthest (then earliest) attempt, from `attempts(user_id, reached, t1..tk)`. */
function bestOf(k: number): SQL {
  return sql`best as (select distinct on (user_id) user_id, reached, ${sql.join(
    Array.from({ length: k }, (_, i) => col("t", i + 1)),
    sql`, `,
  )} from attempts order by user_id, reached desc, t1)`;
}

export function reachedCase(k: number, withinWindow: (j: number) => SQL): SQL {
  return sql`case ${sql.join(
    Array.from({ length: k - 1 }, (_, i) => sql`when ${withinWindow(k - i)} then ${k - i}`),
    sql` `,
  )} else 1 end`;
}

/**
 * With distinct step events (no event can match two steps), the greedy chain needs no per-attempt lookups: one
 * window pass gives, at every event time, the next time of each step at or after it (RANGE peers included, so equal
 * timestamps are in order), and the chain follows those by equality joins.
 */
function bestAttemptsByWindow(projectId: string, input: Funnel): SQL {
  const k = input.steps.length;
  const names = JSON.stringify([...new Set(input.steps.map((s) => s.event))]);
  const end = sql`${input.to.toISOString()}::timestamptz + ${input.windowSeconds} * interval '1 second'`;
  const nexts = Array.from({ length: k - 1 }, (_, i) => sql`min(case when ${stepFilter(input.steps[i + 1], "e")} then e.timestamp end) over w as ${col("n", i + 2)}`);
  const joins = Array.from({ length: k - 2 }, (_, i) => {
    const j = i + 3;
    const prev = j === 3 ? sql`a1.n2` : sql`${col("x", j - 1)}.${col("n", j - 1)}`;
    return sql` left join nexts ${col("x", j)} on ${col("x", j)}.user_id = a1.user_id and ${col("x", j)}.ts = ${prev}`;
  });
  const times = [sql`a1.ts as t1`, sql`a1.n2 as t2`, ...Array.from({ length: k - 2 }, (_, i) => sql`${col("x", i + 3)}.${col("n", i + 3)} as ${col("t", i + 3)}`)];
  const within = (j: number) => sql`${col("t", j)} <= t1 + ${input.windowSeconds} * interval '1 second'`;
  return sql`with ev as (
      select e.user_id, e.timestamp as ts, (${stepFilter(input.steps[0], "e")}) as is_first, ${sql.join(nexts, sql`, `)}
      from events e
      where e.project_id = ${projectId} and e.user_id is not null
        and e.name in (select jsonb_array_elements_text(${names}::jsonb))
        and e.timestamp >= ${input.from.toISOString()}::timestamptz and e.timestamp <= ${end}
      -- Descending with a fixed frame start, so the running min is incremental (a frame ending at "unbounded
      -- following" is recomputed per row); RANGE includes the row's peers, i.e. events at the same time.
      window w as (partition by e.user_id order by e.timestamp desc range between unbounded preceding and current row)),
    nexts as (select distinct on (user_id, ts) * from ev),
    a1 as (select * from ev where is_first and ts < ${input.to.toISOString()}::timestamptz),
    chains as (select a1.user_id, ${sql.join(times, sql`, `)} from a1${sql.join(joins, sql``)}),
    attempts as (select *, ${reachedCase(k, within)} as reached from chains),
    ${bestOf(k)}`;
}

/** `best`: one row per user with `reached` (1..k) and t1..tk of their furthest (then earliest) attempt. */
function bestAttempts(projectId: string, input: Funnel): SQL {
  if (new Set(input.steps.map((s) => s.event)).size === input.steps.length) return bestAttemptsByWindow(projectId, input);
  return bestAttemptsByLookup(projectId, input);
}

/** Any steps: each attempt looks up its next step event by index (steps may repeat an event, e.g. view → view). */
function bestAttemptsByLookup(projectId: string, input: Funnel): SQL {
  const k = input.steps.length;
  const ctes: SQL[] = [
    sql`a1 as (select e.user_id, e.id as id1, e.timestamp as t1 from events e
      where e.project_id = ${projectId} and e.user_id is not null and ${stepFilter(input.steps[0], "e")}
        and e.timestamp >= ${input.from.toISOString()}::timestamptz and e.timestamp < ${input.to.toISOString()}::timestamptz)`,
  ];
  for (let j = 2; j <= k; j++) {
    const earlierIds = sql.join(Array.from({ length: j - 1 }, (_, i) => sql`a.${col("id", i + 1)}`), sql`, `);
    ctes.push(sql`${col("a", j)} as (select a.*, n.id as ${col("id", j)}, n.timestamp as ${col("t", j)} from ${col("a", j - 1)} a
      left join lateral (select e.id, e.timestamp from events e
        where e.project_id = ${projectId} and e.user_id = a.user_id and ${stepFilter(input.steps[j - 1], "e")}
          and e.timestamp >= a.${col("t", j - 1)} and e.timestamp <= a.t1 + ${input.windowSeconds} * interval '1 second'
          and e.id not in (${earlierIds})
        order by e.timestamp, e.id limit 1) n on true)`);
  }
  ctes.push(sql`attempts as (select *, ${reachedCase(k, (j) => sql`${col("t", j)} is not null`)} as reached from ${col("a", k)})`);
  ctes.push(bestOf(k));
  return sql`with ${sql.join(ctes, sql`, `)}`;
}

export interface FunnelStepRow {
  key: string | null;
  step: number;
  users: number;
  medianSeconds: number | null;
}

/** Seconds from step j - 1 to step j of a row of `best`, whose t1..tk are timestamps. */
const gapOfTimestamps = (j: number) => sql`extract(epoch from (${col("t", j)} - ${col("t", j - 1)}))`;

/**
 * Users reaching each step (per breakdown key) and the median seconds from the previous step, from `best` (CTEs
 * ending in `best(user_id, reached, t1..tk)`, one row per user); `gapSeconds(j)` is a row's seconds from t(j-1) to tj.
 */
export async function countsOfBest(db: Db, projectId: string, input: FunnelInput, best: SQL, gapSeconds: (j: number) => SQL): Promise<FunnelStepRow[]> {
  const k = input.steps.length;
  const { join, key } = breakdownJoin(projectId, input.breakdown, sql`b.user_id`);
  // One pass over `best` per key: users and median per step, each over the users who reached it.
  const perStep = Array.from({ length: k }, (_, i) => {
    const j = i + 1;
    const median = j === 1 ? sql`null::float8` : sql`percentile_cont(0.5) within group (order by ${gapSeconds(j)}) filter (where reached >= ${j})`;
    return sql`count(*) filter (where reached >= ${j})::int as ${col("users", j)}, ${median} as ${col("median", j)}`;
  });
  const rows = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`${best},
      keyed as (select b.*, ${key} as key from best b${join})
      select key, ${sql.join(perStep, sql`, `)} from keyed group by key`),
  );
  return rows.flatMap((r) =>
    Array.from({ length: k }, (_, i) => {
      const median = r[`median${i + 1}`];
      return { key: r.key as string | null, step: i + 1, users: Number(r[`users${i + 1}`]), medianSeconds: median === null ? null : Number(median) };
    }).filter((row) => row.users > 0),
  );
}

/** Users reaching each step (per breakdown key) and the median seconds from the previous step. */
export async function funnelCounts(db: Db, projectId: string, input: FunnelInput): Promise<FunnelStepRow[]> {
  return countsOfBest(db, projectId, input, bestAttempts(projectId, input), gapOfTimestamps);
}

/** Who in `best` reached `step - 1` but not `step`, in id order (at most `limit`). */
export async function droppedOfBest(db: Db, best: SQL, step: number, limit: number): Promise<string[]> {
  const rows = rowsOf<{ user_id: string }>(await db.execute(sql`${best} select user_id from best where reached = ${step - 1} order by user_id limit ${limit}`));
  return rows.map((r) => r.user_id);
}

/** Who reached `step - 1` but not `step`, in id order (at most `limit`). */
export async function funnelDroppedUsers(db: Db, projectId: string, input: FunnelDroppedInput, limit: number): Promise<string[]> {
  return droppedOfBest(db, bestAttempts(projectId, input), input.step, limit);
}
