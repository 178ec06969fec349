// Users and retention past hot retention: BENCH_EVENTS events (default 200,000) of BENCH_USERS end users (default
// 5,000) and BENCH_TRACES traces (default 20,000) over 180 days, generated inside the database. Times, with every row
// hot (the baseline, same run) and again after the export, compaction and a 1-day hot retention: retention over raw
// events (weekly, from a non-midnight instant, 26 cohorts), one user's detail (20 users in turn: counts, scores of
// every other trace, the 50-item timeline), and the profile job's inputs for a chunk of 500 users (counts, hours, the
// last 30 days' activity, intents, personas with their satisfaction, response styles); and checks the answers are the
// same. Each trace has one model call, so retention can take the old traces out of the hot tables.
import { eq, sql } from "drizzle-orm";
import { projects } from "@/db/schema";
import { withScratchWarehouse } from "./scratch-warehouse";
import { timeRuns } from "../timing";
import { exportProjectTiers } from "@/lib/warehouse/export";
import { enforceRetention } from "@/lib/retention/store/enforce";
import { compactProject } from "@/lib/warehouse/compact";
import { retention } from "@/lib/user-insights/insights";
import { retentionInputSchema } from "@/lib/user-insights/inputs";
import { userDetail } from "@/lib/users/store/user-detail";
import { loadProfileInputs } from "@/lib/users/store/profile-inputs";
import { PROFILE_CHUNK } from "@/lib/users/refresh-profiles";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const USERS = Number(process.env.BENCH_USERS ?? 5_000);
const TRACES = Number(process.env.BENCH_TRACES ?? 20_000);
const DAYS = 180;
const DAY = 86_400_000;
const NOW = new Date(Math.floor(Date.now() / DAY) * DAY + 12 * 3_600_000);
const START = new Date(Math.floor(Date.now() / DAY) * DAY - DAYS * DAY);

export default async function warehouseUsersBench() {
  return withScratchWarehouse("warehouse_users", async ({ handle, db, projectId: p, root }) => {
    // Users join over the period (user k first seen at k/USERS of it); each event goes to a user already joined.
    const at = (n: number) => sql`${START.toISOString()}::timestamptz + (i::float8 / ${n}) * ${DAYS} * interval '1 day'`;
    await db.execute(sql`
      insert into events (project_id, id, user_id, session_id, name, timestamp, properties)
      select ${p}::uuid, 'e' || i, 'u' || ((i * 7919) % greatest(1, (i::bigint * ${USERS} / ${EVENTS})::int + 1)), 's' || (i / 6),
        case when i % 11 = 0 then 'signup' else 'message_sent' end, ${at(EVENTS)}, '{}'::jsonb
      from generate_series(1, ${EVENTS}) i`);
    await db.execute(sql`
      insert into traces (project_id, id, name, user_id, session_id, timestamp, has_root, total_tokens, total_cost, latency_ms, level, observation_count, metadata, tags)
      select ${p}::uuid, 't' || i, 'chat', 'u' || (i % ${USERS}), 's' || (i / 5), ${at(TRACES)}, true, 300 + i % 700, 0.0001 * (1 + i % 50), 200 + i % 1800, 'DEFAULT', 1,
        case when i % 7 = 0 then '{}'::jsonb else jsonb_build_object('persona', (array['mentor', 'coach', 'expert'])[1 + i % 3]) end,
        case when i % 4 = 0 then array['concise'] when i % 4 = 1 then array['detailed', 'formal'] else array[]::text[] end
      from generate_series(1, ${TRACES}) i`);
    // One model call per trace: with their calls archived too, the old traces leave the hot tables (retention needs both).
    await db.execute(sql`
      insert into observations (project_id, trace_id, id, type, name, start_time, end_time)
      select project_id, id, id || '-llm', 'generation', 'llm', timestamp, timestamp + interval '1 second' from traces where project_id = ${p}`);
    await db.execute(sql`
      insert into scores (project_id, id, trace_id, name, value, data_type, source, timestamp)
      select project_id, 'sc' || id, id, 'helpful', (length(id) % 2)::float8, 'boolean', 'api', timestamp + interval '1 minute'
      from traces where project_id = ${p} and substr(id, 2)::int % 2 = 0`);
    await db.execute(sql`
      insert into end_users (project_id, user_id, first_seen_at, last_seen_at)
      select ${p}::uuid, user_id, min(ts), max(ts) from (
        select user_id, timestamp as ts from events where project_id = ${p} union all select user_id, timestamp from traces where project_id = ${p}) a
      group by user_id on conflict do nothing`);
    await db.execute(sql`analyze events; analyze traces; analyze scores; analyze end_users`);

    const input = retentionInputSchema.parse({
      startEvent: "signup", returnEvent: "message_sent", period: "week", periods: 8,
      from: new Date(START.getTime() + 6 * 3_600_000).toISOString(), to: new Date(NOW.getTime() - 6 * 3_600_000).toISOString(),
    });
    const users = Array.from({ length: 20 }, (_, k) => `u${k * 97}`);
    const chunk = Array.from({ length: PROFILE_CHUNK }, (_, k) => `u${k * 9}`);
    const detail = async (u: string) => {
      const d = await userDetail(db, p, u, NOW);
      return { firstSeenAt: d.firstSeenAt, counts: d.counts, cost: Number(d.costUsd.toPrecision(10)), scores: d.scores, timeline: d.timeline };
    };
    const sorted = <T extends { value: string }>(rows: T[]) => [...rows].sort((a, b) => a.value.localeCompare(b.value));
    const personas = (rows: { persona: string; traces: number; scoreSum: number; scored: number }[]) =>
      sorted(rows.map((r) => ({ value: r.persona, traces: r.traces, scoreSum: Number(r.scoreSum.toPrecision(10)), scored: r.scored })));
    const profile = async () => (await loadProfileInputs(db, p, chunk, NOW, "persona")).map((i) =>
      [i.eventCount, i.traceCount, i.sessionCount, Number(i.costUsd.toPrecision(10)), i.hours, i.recent, sorted(i.names), personas(i.personas), sorted(i.tags)]);
    const measure = async () => ({
      retention: await timeRuns(3, () => retention(db, p, input, NOW)),
      detail: await timeRuns(20, (i) => detail(users[i % users.length])),
      profileChunk: await timeRuns(3, profile),
      answers: JSON.stringify([await retention(db, p, input, NOW), await Promise.all(users.map(detail)), await profile()]),
    });

    await db.update(projects).set({ retentionDays: 3650, warmTier: true }).where(eq(projects.id, p));
    const hot = await measure();
    const t0 = performance.now();
    await exportProjectTiers(db, p, { now: NOW, root });
    const exportMs = performance.now() - t0;
    await db.update(projects).set({ retentionDays: 1 }).where(eq(projects.id, p));
    const [expired] = await enforceRetention(db, NOW, 10_000, p);
    const compaction = await compactProject(db, p, { now: NOW, root });
    const warm = await measure();
    const ratio = (a: { p50Ms: number }, b: { p50Ms: number }) => Number((a.p50Ms / b.p50Ms).toFixed(2));
    return {
      driver: handle.driver,
      events: EVENTS,
      users: USERS,
      traces: TRACES,
      exportMs: Math.round(exportMs),
      hotRowsLeft: { eventsDeleted: expired.deleted.events, tracesDeleted: expired.tracesDeleted },
      monthFiles: compaction.compacted.length,
      retentionRaw26Weeks: { hot: hot.retention, tiers: warm.retention, tiersToHot: ratio(warm.retention, hot.retention) },
      userDetail: { hot: hot.detail, tiers: warm.detail, tiersToHot: ratio(warm.detail, hot.detail) },
      profileInputs500: { hot: hot.profileChunk, tiers: warm.profileChunk, tiersToHot: ratio(warm.profileChunk, hot.profileChunk) },
      sameAnswers: hot.answers === warm.answers,
    };
  });
}
