// Online feature serving latency (issue 17 target: p95 < 5 ms, required 15 ms, at 50 concurrent requests, on
// PostgreSQL + Redis): BENCH_FEATURE_USERS users with 20 interactions each over 30 days, materialized once into the
// offline store and Redis (REDIS_URL, else redis://127.0.0.1:6379, under a key prefix of its own, cleared at the end),
// then rounds of 50 concurrent `getOnlineFeatures` calls (what GET /api/v1/features runs after authentication) for 1
// and for 20 random users, once on a store that reads Redis every time and once on one with the near cache (Redis
// client-side caching; its hit ratio is reported), with users drawn uniformly from all of them and from a hot set of
// a tenth of them (the active users a product asks about again and again). Baselines in the
// same run, their rounds interleaved with these: 50 concurrent primary-key SELECTs of one feature row, and 50
// concurrent Redis GETs of one key.
//   DATABASE_URL=postgres://… npx tsx bench/run.ts personalization/features
import { sql } from "drizzle-orm";
import { benchProject, openScratchDb } from "../scratch-db";
import { percentile } from "../timing";
import { rowsOf } from "@/db/client";
import { createRedisOnlineStore } from "@/lib/personalization/features/online-store";
import { materializeFeatures } from "@/lib/personalization/features/materialize";
import { getOnlineFeatures } from "@/lib/personalization/features/serve";
import { createServingStats } from "@/lib/personalization/features/serving-stats";
import { featureView } from "@/lib/personalization/features/registry";
import { rng } from "@/lib/primitives/random";

const USERS = Number(process.env.BENCH_FEATURE_USERS ?? 20_000);
const HOT_USERS = Math.max(1, Math.round(USERS / 10));
const CONCURRENCY = 50;
const ROUNDS = 40;

const pct = (sorted: number[], p: number) => Number(percentile(sorted, p).toFixed(2));

/**
 * Rounds of 50 concurrent calls of each task, the tasks taking turns round by round (so that a change in the shared
 * machine's load hits them alike); p50/p95/max per task over all its calls, after one untimed warm-up round each.
 */
async function interleaved(tasks: Record<string, (i: number) => Promise<unknown>>) {
  const ms: Record<string, number[]> = {};
  for (const [name, fn] of Object.entries(tasks)) {
    ms[name] = [];
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => fn(i)));
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, fn] of Object.entries(tasks)) {
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, i) => {
          const t0 = performance.now();
          await fn(r * CONCURRENCY + i);
          ms[name].push(performance.now() - t0);
        }),
      );
    }
  }
  return Object.fromEntries(
    Object.entries(ms).map(([name, list]) => {
      list.sort((a, b) => a - b);
      return [name, { p50Ms: pct(list, 0.5), p95Ms: pct(list, 0.95), maxMs: pct(list, 1) }];
    }),
  );
}

export default async function featuresBench() {
  const h = await openScratchDb("features");
  const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
  const prefix = `prism-bench-features-${process.pid}-${Date.now()}:`;
  const store = await createRedisOnlineStore(redisUrl, prefix, { nearCache: false });
  const nearStore = await createRedisOnlineStore(redisUrl, prefix);
  const { Redis } = await import("ioredis");
  const raw = new Redis(redisUrl);
  try {
    const { db } = h;
    const { project } = await benchProject(db);
    const p = project.id;
    const now = new Date();
    await db.execute(sql`
      insert into personalization_interactions (project_id, id, user_id, item_id, type, occurred_at)
      select ${p}, 'ix' || g, 'u' || (g % ${USERS}), 'i' || ((g::bigint * 7919) % 2000),
        (array['view','play','click','like','skip','purchase'])[1 + g % 6], ${now.toISOString()}::timestamptz - (g % 43200) * interval '1 minute'
      from generate_series(1, ${USERS * 20}) g`);
    await db.execute(sql`analyze`);
    const t0 = performance.now();
    const views = [featureView("user_engagement")!, featureView("item_statistics")!];
    const materialized = await materializeFeatures(db, store, p, now, views);
    const materializeMs = Math.round(performance.now() - t0);
    const rnd = rng(5);
    const user = () => `u${Math.floor(rnd() * USERS)}`;
    const hotUser = () => `u${Math.floor(rnd() * HOT_USERS)}`;
    const opts = { now: now.getTime() };
    const stats = { one: createServingStats(), twenty: createServingStats(), hotOne: createServingStats(), hotTwenty: createServingStats() };
    const near = (ids: string, stats: ReturnType<typeof createServingStats>) => getOnlineFeatures(db, nearStore, p, { entity: "user", id: ids, features: "user_engagement" }, { ...opts, stats });
    if (!(await nearStore.nearCache!.armed(10_000))) throw new Error("Redis client tracking did not come on");
    const r = await interleaved({
      features1: () => getOnlineFeatures(db, store, p, { entity: "user", id: user(), features: "user_engagement" }, opts),
      features20: () => getOnlineFeatures(db, store, p, { entity: "user", id: Array.from({ length: 20 }, user).join(","), features: "user_engagement" }, opts),
      nearFeatures1: () => near(user(), stats.one),
      nearFeatures20: () => near(Array.from({ length: 20 }, user).join(","), stats.twenty),
      nearHotFeatures1: () => near(hotUser(), stats.hotOne),
      nearHotFeatures20: () => near(Array.from({ length: 20 }, hotUser).join(","), stats.hotTwenty),
      primaryKeyRead: async () =>
        rowsOf(await db.execute(sql`select values from personalization_feature_values where project_id = ${p} and view = 'user_engagement' and entity_key = ${user()} and event_time = ${now.toISOString()}::timestamptz`)),
      redisGet: () => raw.get(`prism-bench-none:${user()}`),
    });
    return {
      users: USERS,
      interactions: USERS * 20,
      materializeMs,
      materialized,
      ...r,
      p95RatioToPrimaryKey: { one: Number((r.features1.p95Ms / r.primaryKeyRead.p95Ms).toFixed(2)), twenty: Number((r.features20.p95Ms / r.primaryKeyRead.p95Ms).toFixed(2)) },
      p95RatioToRedisGet: {
        one: Number((r.features1.p95Ms / r.redisGet.p95Ms).toFixed(2)),
        twenty: Number((r.features20.p95Ms / r.redisGet.p95Ms).toFixed(2)),
        nearOne: Number((r.nearFeatures1.p95Ms / r.redisGet.p95Ms).toFixed(2)),
        nearTwenty: Number((r.nearFeatures20.p95Ms / r.redisGet.p95Ms).toFixed(2)),
        nearHotOne: Number((r.nearHotFeatures1.p95Ms / r.redisGet.p95Ms).toFixed(2)),
        nearHotTwenty: Number((r.nearHotFeatures20.p95Ms / r.redisGet.p95Ms).toFixed(2)),
      },
      nearCache: Object.fromEntries(Object.entries(stats).map(([k, s]) => [k, s.summary(p).get("user_engagement")])),
      database: process.env.DATABASE_URL ? "postgres" : "pglite",
    };
  } finally {
    await store.clear((await benchProject(h.db)).project.id).catch(() => {});
    await store.close();
    await nearStore.close();
    raw.disconnect();
    await h.close();
  }
}
