// The persona report and persona suggestions past hot retention: BENCH_TRACES traces (default 20,000) of BENCH_USERS
// end users (default 2,000) over 60 days (the suggestions' window), generated inside the database, each with a persona,
// a root span holding the user's message, thumbs on half and sentiment on a third. Times, with every row hot (the
// baseline, same run) and again after the export, a 14-day hot retention (the older traces expired) and compaction:
// the 60-day persona report, the project's suggestion signals (report inputs, the text model's 5,000 most recent rated
// messages, read from the cold tier for expired traces) and one user's suggestion (their ratings per persona across
// the tiers); and checks the answers are the same.
import { eq, sql } from "drizzle-orm";
import { projects } from "@/db/schema";
import { withScratchWarehouse } from "./scratch-warehouse";
import { timeRuns } from "../timing";
import { exportProjectTiers } from "@/lib/warehouse/export";
import { enforceRetention } from "@/lib/retention/store/enforce";
import { compactProject } from "@/lib/warehouse/compact";
import { personasReport } from "@/lib/insights/personas/personas";
import { forgetPersonaSignals, suggestPersonasFor } from "@/lib/personalization/personas";

const TRACES = Number(process.env.BENCH_TRACES ?? 20_000);
const USERS = Number(process.env.BENCH_USERS ?? 2_000);
const DAYS = 60;
const DAY = 86_400_000;
const NOW = new Date(Math.floor(Date.now() / DAY) * DAY + 12 * 3_600_000);
const START = new Date(NOW.getTime() - DAYS * DAY);

export default async function warehousePersonasBench() {
  return withScratchWarehouse("warehouse_personas", async ({ handle, db, projectId: p, root }) => {
    const at = sql`${START.toISOString()}::timestamptz + (i::float8 / ${TRACES}) * ${DAYS} * interval '1 day'`;
    await db.execute(sql`
      insert into traces (project_id, id, name, user_id, session_id, timestamp, has_root, total_cost, observation_count, metadata)
      select ${p}::uuid, 't' || i, 'chat', 'u' || (i % ${USERS}), 's' || (i / 4), ${at}, true, 0.0001 * (1 + i % 50), 1,
        case when i % 9 = 0 then '{}'::jsonb else jsonb_build_object('persona', (array['mentor', 'coach', 'expert'])[1 + i % 3]) end
      from generate_series(1, ${TRACES}) i`);
    await db.execute(sql`
      insert into observations (project_id, trace_id, id, type, name, start_time, end_time, input)
      select project_id, id, id || '-root', 'span', 'turn', timestamp, timestamp + interval '1 second',
        jsonb_build_array(jsonb_build_object('role', 'user', 'content',
          (array['I am stuck and frustrated, please help', 'what are the api rate limits', 'explain the latency numbers', 'I feel lost again'])[1 + (length(id) * 7 + substr(id, 2)::int) % 4]))
      from traces where project_id = ${p}`);
    await db.execute(sql`
      insert into scores (project_id, id, trace_id, name, value, data_type, source, timestamp)
      select project_id, 'sc' || id, id, 'thumbs', ((substr(id, 2)::int / 2) % 3 > 0)::int::float8, 'boolean', 'api', timestamp + interval '1 minute'
      from traces where project_id = ${p} and substr(id, 2)::int % 2 = 0`);
    await db.execute(sql`
      insert into trace_sentiment (project_id, trace_id, timestamp, polarity, label, analyzer, observation_count, comment_count, analyzed_at)
      select project_id, id, timestamp, sin(substr(id, 2)::int), 'neutral', 'local', 1, 0, now()
      from traces where project_id = ${p} and substr(id, 2)::int % 3 = 0`);
    await db.execute(sql`analyze traces; analyze observations; analyze scores; analyze trace_sentiment`);

    const users = Array.from({ length: 20 }, (_, k) => `u${k * 97}`);
    const report = () => personasReport(db, p, { from: START, to: NOW }, NOW);
    const signals = () => {
      forgetPersonaSignals(p);
      return suggestPersonasFor(db, p, { text: "I am stuck, what are the limits", hour: 12 }, NOW);
    };
    const forUser = (i: number) => suggestPersonasFor(db, p, { userId: users[i % users.length], text: "I feel lost", hour: 9 }, NOW);
    const measure = async () => {
      const out = {
        report: await timeRuns(3, report),
        projectSignals: await timeRuns(3, signals),
        userSuggestion: await timeRuns(20, forUser),
        answers: "",
      };
      const rounded = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "number" && !Number.isInteger(x) ? Number(x.toPrecision(10)) : x));
      out.answers = rounded([await report(), await signals(), await Promise.all(users.map((_, i) => forUser(i)))]);
      return out;
    };

    await db.update(projects).set({ retentionDays: 3650, warmTier: true }).where(eq(projects.id, p));
    const hot = await measure();
    await exportProjectTiers(db, p, { now: NOW, root });
    await db.update(projects).set({ retentionDays: 14 }).where(eq(projects.id, p));
    const [expired] = await enforceRetention(db, NOW, 10_000, p);
    await compactProject(db, p, { now: NOW, root });
    const warm = await measure();
    const ratio = (a: { p50Ms: number }, b: { p50Ms: number }) => Number((a.p50Ms / b.p50Ms).toFixed(2));
    return {
      driver: handle.driver,
      traces: TRACES,
      users: USERS,
      tracesExpired: expired.tracesDeleted,
      report60Days: { hot: hot.report, tiers: warm.report, tiersToHot: ratio(warm.report, hot.report) },
      projectSignals: { hot: hot.projectSignals, tiers: warm.projectSignals, tiersToHot: ratio(warm.projectSignals, hot.projectSignals) },
      userSuggestion: { hot: hot.userSuggestion, tiers: warm.userSuggestion, tiersToHot: ratio(warm.userSuggestion, hot.userSuggestion) },
      sameAnswers: hot.answers === warm.answers,
    };
  });
}
