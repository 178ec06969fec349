// Online evaluation throughput (issue 20 target: 1,000 traces/min): BENCH_ONLINE_TRACES (default 5,000) traces in
// the database, each with a root observation holding an input and an output; one rule with a deterministic
// evaluator (contains), sample rate 1 and no effective rate cap, run through evaluateRule, the function the
// `evaluation-online` job calls per rule (keyset batches of 500, scores and cursor in one transaction per batch).
// Baseline in the same run: one SQL statement reading the same outputs (the floor of any job that must read them).
//   npx tsx bench/run.ts evaluation/online-evaluation          # PGlite; DATABASE_URL=… for PostgreSQL
import { sql } from "drizzle-orm";
import { benchProject, openScratchDb } from "../scratch-db";
import { createRule } from "@/lib/evaluation/store/evaluation-rules";
import { evaluateRule } from "@/lib/evaluation/store/online-evaluation";
import { createRuleSchema } from "@/lib/evaluation/online/rule-input";

const TRACES = Number(process.env.BENCH_ONLINE_TRACES ?? 5_000);

export default async function onlineEvaluationBench() {
  const handle = await openScratchDb("online_eval");
  try {
    const db = handle.db;
    const { org, project, actor: member } = await benchProject(db);
    const p = project.id;
    const start = new Date("2026-12-01T00:00:00Z");
    await db.execute(sql`
      insert into traces (project_id, id, name, timestamp, observation_count)
      select ${p}::uuid, 't' || g, 'chat', ${start.toISOString()}::timestamptz + g * interval '10 millisecond', 1 from generate_series(1, ${TRACES}) g`);
    await db.execute(sql`
      insert into observations (project_id, trace_id, id, type, name, start_time, input, output)
      select ${p}::uuid, 't' || g, 'o' || g, 'agent', 'x', ${start.toISOString()}::timestamptz + g * interval '10 millisecond',
        to_jsonb('Where is my refund for order ' || g || '?'), to_jsonb(case when g % 3 = 0 then 'Your refund is on its way.' else 'Please restart the app.' end)
      from generate_series(1, ${TRACES}) g`);
    await db.execute(sql`analyze`);

    const b0 = performance.now();
    await db.execute(sql`select count(*), sum(length(o.output::text)) from traces t join observations o on o.project_id = t.project_id and o.trace_id = t.id where t.project_id = ${p}`);
    const baselineMs = performance.now() - b0;

    const actor = { projectId: p, orgId: org.id, userId: member.userId, email: member.email, apiKeyId: null };
    const now = new Date(start.getTime() + 86_400_000);
    const body = createRuleSchema.parse({ name: "bench", evaluator: { type: "contains", name: "mentions_refund", value: "refund" }, sampleRate: 1, maxPerMinute: 10_000, startAt: start.toISOString() });
    const rule = await createRule(db, actor, body, now);
    const t0 = performance.now();
    const result = await evaluateRule(db, rule, { now, executor: null });
    const ms = performance.now() - t0;
    return {
      traces: TRACES,
      driver: process.env.DATABASE_URL ? "postgres" : "pglite",
      evaluated: result.evaluated,
      scored: result.scored,
      ms: Math.round(ms),
      tracesPerMinute: Math.round((result.evaluated / ms) * 60_000),
      baselineReadMs: Math.round(baselineMs),
      ratioToBaseline: Number((ms / baselineMs).toFixed(1)),
      meetsTarget1000PerMin: (result.evaluated / ms) * 60_000 >= 1000,
    };
  } finally {
    await handle.close();
  }
}
