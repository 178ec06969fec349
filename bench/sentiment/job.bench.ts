// Throughput of the sentiment job's work (lib/sentiment/store/analyze-traces.ts, the function each job step runs):
// BENCH_SENTIMENT_TRACES (default 20,000) traces generated in the database, each with a root observation holding a
// chat input (system prompt + a user message drawn from 12 realistic ones, made unique by a number) and a model call;
// every 10th trace has an end-user comment. Baseline in the same run: one SQL statement reading the same inputs and
// comments (the floor of any job that must read them). Target: ≥ 2,000 traces/s on one core.
//   npx tsx bench/run.ts sentiment/job                       # PGlite
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/run.ts sentiment/job
import { sql } from "drizzle-orm";
import { benchProject, openScratchDb } from "../scratch-db";
import { localSentimentAnalyzer } from "@/lib/sentiment/local-analyzer";
import { analyzeAllPending } from "@/lib/sentiment/store/analyze-traces";

const TRACES = Number(process.env.BENCH_SENTIMENT_TRACES ?? 20_000);

const MESSAGES = [
  "How do I reset my password?",
  "This is the third time I'm asking and it still doesn't work.",
  "Thanks, that worked perfectly!",
  "Can I export my invoices as CSV?",
  "I don't understand the last answer, which page do you mean?",
  "Why was my card declined? I'm really annoyed.",
  "Great, exactly what I needed.",
  "The mobile app keeps logging me out, this is so frustrating",
  "What is the difference between the Pro and Team plans?",
  "Not helpful at all. I wasted an hour on this.",
  "Could you summarise the Q3 board memo for me please",
  "Perfect, thank you so much for the quick help",
];

export default async function sentimentJobBench() {
  const handle = await openScratchDb("sentiment");
  try {
    const db = handle.db;
    const { project } = await benchProject(db);
    const p = project.id;
    const now = new Date("2026-12-01T00:00:00Z");
    const messages = sql.raw(`array[${MESSAGES.map((m) => `'${m.replace(/'/g, "''")}'`).join(", ")}]`);
    await db.execute(sql`
      insert into traces (project_id, id, name, timestamp, observation_count)
      select ${p}::uuid, 't' || g, 'chat', ${now.toISOString()}::timestamptz - g * interval '1 second', 2 from generate_series(1, ${TRACES}) g`);
    await db.execute(sql`
      insert into observations (project_id, trace_id, id, parent_observation_id, type, name, start_time, input)
      select ${p}::uuid, 't' || g, 'o' || g || '-' || k, case when k = 2 then 'o' || g || '-1' end, case when k = 1 then 'agent' else 'generation' end, 'x',
        ${now.toISOString()}::timestamptz - g * interval '1 second' + k * interval '1 millisecond',
        jsonb_build_array(jsonb_build_object('role', 'system', 'content', 'You are a helpful assistant.'),
                          jsonb_build_object('role', 'user', 'content', (${messages})[1 + g % ${MESSAGES.length}] || ' (#' || g || ')'))
      from generate_series(1, ${TRACES}) g, generate_series(1, 2) k`);
    await db.execute(sql`
      insert into scores (project_id, id, trace_id, name, value, data_type, source, comment, timestamp)
      select ${p}::uuid, 's' || g, 't' || g, 'user_rating', 1 + g % 5, 'numeric', 'api', (${messages})[1 + (g * 7) % ${MESSAGES.length}], ${now.toISOString()}::timestamptz
      from generate_series(10, ${TRACES}, 10) g`);
    await db.execute(sql`analyze`);

    const b0 = performance.now();
    await db.execute(sql`
      select count(*), sum(length(o.input::text)), sum(length(c.comments)) from traces t
      join observations o on o.project_id = t.project_id and o.trace_id = t.id and o.parent_observation_id is null
      left join lateral (select string_agg(comment, ' ') as comments from scores s where s.project_id = t.project_id and s.trace_id = t.id) c on true
      where t.project_id = ${p}`);
    const baselineMs = performance.now() - b0;

    const analyzer = localSentimentAnalyzer();
    analyzer.analyzeOne("warm up");
    const t0 = performance.now();
    const result = await analyzeAllPending(db, p, analyzer, now);
    const jobMs = performance.now() - t0;
    // The analyzer alone over the same texts, to split the job's time between model and database.
    const texts = Array.from({ length: TRACES }, (_, g) => `${MESSAGES[(g + 1) % MESSAGES.length]} (#${g + 1})`);
    const a0 = performance.now();
    await analyzer.analyze(texts);
    const analyzerMs = performance.now() - a0;
    return {
      traces: TRACES,
      examined: result.examined,
      analysed: result.analysed,
      jobMs: Math.round(jobMs),
      tracesPerSecond: Math.round(TRACES / (jobMs / 1000)),
      analyzerOnlyTextsPerSecond: Math.round(TRACES / (analyzerMs / 1000)),
      baselineReadMs: Math.round(baselineMs),
      jobOverBaseline: Number((jobMs / baselineMs).toFixed(1)),
    };
  } finally {
    await handle.close();
  }
}
