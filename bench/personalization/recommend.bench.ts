// Recommendation serving latency (issue 17 target: POST /api/v1/recommendations p95 < 40 ms end to end at 50
// concurrent requests): a small trained model (BENCH_RECS_SERVE_USERS users of generated tastes, ingested and trained
// as the API does), then rounds of 50 concurrent calls through the route handler for random known users, each
// logging its impression. Baseline in the same run: 50 concurrent primary-key reads (one round trip each). CPU per call
// is the process's (user + system) over the timed rounds, so it includes the driver and the garbage collector.
//   DATABASE_URL=… REDIS_URL=… npx tsx bench/run.ts personalization/recommend     (PGlite without DATABASE_URL)
import { sql } from "drizzle-orm";
import { benchProject, openScratchDb } from "../scratch-db";
import { timeConcurrentRounds } from "../timing";
import { rowsOf } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/batch";
import { generateTasteData } from "@/lib/personalization/synthetic";
import { trainProjectModel } from "@/lib/personalization/training";
import { recommend, recommendInputSchema } from "@/lib/personalization/recommend";
import { rng } from "@/lib/primitives/random";
import { getInvalidationBus } from "@/lib/cache/invalidation-bus";

const USERS = Number(process.env.BENCH_RECS_SERVE_USERS ?? 2_000);
const CONCURRENCY = 50;
const ROUNDS = 20;

/** Latencies of the rounds, and the process's CPU (user + system, every thread) per call over them. */
async function rounds(fn: (i: number) => Promise<unknown>) {
  const cpu = process.cpuUsage();
  const latency = await timeConcurrentRounds(ROUNDS, CONCURRENCY, fn);
  const used = process.cpuUsage(cpu);
  return { ...latency, cpuUsPerCall: Math.round((used.user + used.system) / (ROUNDS * CONCURRENCY)) };
}

export default async function recommendBench() {
  const h = await openScratchDb("recommend");
  try {
    const { db } = h;
    const p = (await benchProject(db)).project.id;
    const end = Date.now() - 60_000;
    const data = generateTasteData({ users: USERS, items: 400, topics: 8, interactionsPerUser: 20, seed: 5, end, days: 30 });
    const at = new Date(end - 31 * 86_400_000).toISOString();
    const batch = [
      ...data.items.map((i) => ({ id: `cat-${i.itemId}`, type: "item", timestamp: at, body: { itemId: i.itemId, title: i.title, categories: i.categories, creator: i.creator } })),
      ...data.interactions.map((r, k) => ({ id: `ix-${k}`, type: "interaction", timestamp: new Date(r.at).toISOString(), body: { userId: r.userId, itemId: r.itemId, type: r.type } })),
    ];
    for (let k = 0; k < batch.length; k += 1000) await ingestBatch(db, p, { batch: batch.slice(k, k + 1000) });
    const trained = await trainProjectModel(db, p, { factors: 32 });
    await db.execute(sql`analyze`);
    const userIds = [...new Set(data.interactions.map((r) => r.userId))];
    const rnd = rng(11);
    const ask = () => recommend(db, p, recommendInputSchema.parse({ userId: userIds[Math.floor(rnd() * userIds.length)] }));
    for (let i = 0; i < 3; i++) await ask();
    const recommendations = await rounds(ask);
    const baseline = await rounds(async (i) => rowsOf(await db.execute(sql`select * from projects where id = ${p} and ${i} >= 0`)));
    return {
      users: trained.manifest.users,
      items: trained.manifest.items,
      promoted: trained.promoted,
      recommend: recommendations,
      primaryKeyRead: baseline,
      p50Ratio: Number((recommendations.p50Ms / baseline.p50Ms).toFixed(1)),
      p95Ratio: Number((recommendations.p95Ms / baseline.p95Ms).toFixed(1)),
      database: process.env.DATABASE_URL ? "postgres" : "pglite",
    };
  } finally {
    await h.close();
    // The serving caches subscribed to the invalidation bus (Redis when REDIS_URL is set): let the process exit.
    await (await getInvalidationBus()).close();
  }
}
