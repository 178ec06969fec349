// Persona suggestion latency (issue 17 target: p95 < 20 ms, required 50 ms, at 50 concurrent requests): a project with
// BENCH_PERSONA_TRACES traces over 60 days (5 personas, a third of them rated, 5,000 users), the project's signals
// computed once (what the 10-minute cache holds), then rounds of 50 concurrent suggestions for random users and
// messages. Baseline in the same run: 50 concurrent primary-key reads of an end user (one round trip each).
//   npx tsx bench/run.ts personalization/persona-suggest         (PGlite; DATABASE_URL=… for PostgreSQL)
import { sql } from "drizzle-orm";
import { benchProject, openScratchDb } from "../scratch-db";
import { timeConcurrentRounds } from "../timing";
import { rowsOf } from "@/db/client";
import { suggestPersonasFor } from "@/lib/personalization/personas";
import { rng } from "@/lib/primitives/random";

const TRACES = Number(process.env.BENCH_PERSONA_TRACES ?? 20_000);
const CONCURRENCY = 50;
const ROUNDS = 20;
const PERSONAS = ["mentor", "coach", "expert", "friend", "critic"];
const MESSAGES = ["I'm stuck on this and frustrated", "what are the api rate limits", "can you review my essay draft", "I feel low today, can we talk", "explain how the billing works"];


const rounds = (fn: (i: number) => Promise<unknown>) => timeConcurrentRounds(ROUNDS, CONCURRENCY, fn);

export default async function personaSuggestBench() {
  const h = await openScratchDb("persona_suggest");
  try {
    const { db } = h;
    const { project } = await benchProject(db);
    const p = project.id;
    const now = new Date();
    // Traces with a persona, a root span holding the user's message, and a rating on every third trace.
    await db.execute(sql`
      insert into traces (project_id, id, name, user_id, timestamp, metadata)
      select ${p}, 't' || g, 'chat', 'u' || (g % 5000), ${now.toISOString()}::timestamptz - (g % 1440) * interval '1 hour',
        jsonb_build_object('persona', (array[${sql.raw(PERSONAS.map((x) => `'${x}'`).join(","))}])[1 + g % 5])
      from generate_series(1, ${TRACES}) g`);
    await db.execute(sql`
      insert into observations (project_id, trace_id, id, type, name, start_time, input)
      select ${p}, 't' || g, 'o' || g, 'span', 'chat', ${now.toISOString()}::timestamptz - (g % 1440) * interval '1 hour',
        to_jsonb((array[${sql.raw(MESSAGES.map((x) => `'${x.replaceAll("'", "''")}'`).join(","))}])[1 + (g / 5) % 5])
      from generate_series(1, ${TRACES}) g`);
    await db.execute(sql`
      insert into scores (project_id, id, trace_id, name, value, data_type, source, timestamp)
      select ${p}, 's' || g, 't' || g, 'thumbs', ((g + g / 5) % 2)::float8, 'boolean', 'api', ${now.toISOString()}::timestamptz - (g % 1440) * interval '1 hour'
      from generate_series(3, ${TRACES}, 3) g`);
    await db.execute(sql`analyze`);
    const rnd = rng(7);
    const t0 = performance.now();
    const first = await suggestPersonasFor(db, p, { text: MESSAGES[0], userId: "u1" }, now);
    const signalsMs = Math.round(performance.now() - t0);
    const suggest = await rounds(() => suggestPersonasFor(db, p, { userId: `u${Math.floor(rnd() * 5000)}`, text: MESSAGES[Math.floor(rnd() * 5)] }, now));
    const baseline = await rounds(async (i) => rowsOf(await db.execute(sql`select * from projects where id = ${p} and ${i} >= 0`)));
    return {
      traces: TRACES,
      trainedOn: first.trainedOn,
      projectSignalsMs: signalsMs,
      suggest,
      primaryKeyRead: baseline,
      p95Ratio: Number((suggest.p95Ms / baseline.p95Ms).toFixed(1)),
      database: process.env.DATABASE_URL ? "postgres" : "pglite",
    };
  } finally {
    await h.close();
  }
}
