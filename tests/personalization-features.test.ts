// The feature store through the real route handler, jobs and database: honest not_found before materialization, the
// materialize job's offline values (checked against counts computed here from the same interactions) served online,
// feature selection and its errors, point-in-time reads, read-through after the online store lost its copy, the
// parity job catching a planted stale and a planted wrong online value, erasure, and the same online paths on Redis.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import net from "node:net";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { jobRuns, personalizationFeatureParity, personalizationFeatureValues, personalizationUserFactors } from "@/db/schema";
import * as features from "@/app/api/v1/features/route";
import { ingestBatch } from "@/lib/ingest/batch";
import { generateTasteData } from "@/lib/personalization/synthetic";
import { trainProjectModel } from "@/lib/personalization/training";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { featuresMaterialize, FEATURES_MATERIALIZE_REQUESTED } from "@/inngest/functions/features-materialize";
import { featuresParity, FEATURES_PARITY_REQUESTED } from "@/inngest/functions/features-parity";
import { createRedisOnlineStore, getOnlineStore, type OnlineStore } from "@/lib/personalization/features/online-store";
import { materializeFeatures } from "@/lib/personalization/features/materialize";
import { checkFeatureParity } from "@/lib/personalization/features/parity";
import { getOnlineFeatures } from "@/lib/personalization/features/serve";
import { createServingStats, servingStats } from "@/lib/personalization/features/serving-stats";
import { featureStoreHealth } from "@/lib/personalization/features/health";
import { latestFeatureValues } from "@/lib/personalization/store/features";
import { floatsOf } from "@/lib/personalization/store/models";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const DAY = 86_400_000;
// Interactions over the 30 days before `end`, materialized at `end` (a minute ago: the route serves at the real time,
// well inside the views' 48-hour TTL); later steps pass their own clock.
const end = Math.floor(Date.now() / 1000) * 1000 - 60_000;
const data = generateTasteData({ users: 200, items: 80, topics: 4, interactionsPerUser: 15, seed: 11, end, days: 30 });
const POSITIVE = new Set(["view", "play", "click", "like", "purchase"]);

const get = (query: string, headers: Record<string, string> = key()) => call(features.GET, `/api/v1/features?${query}`, { headers });

async function ingest(batch: unknown[]) {
  for (let k = 0; k < batch.length; k += 1000) {
    const res = await ingestBatch(t.h.db, t.org.project.id, { batch: batch.slice(k, k + 1000) });
    expect(res.errors).toEqual([]);
  }
}

let online: OnlineStore;
beforeAll(async () => {
  online = await getOnlineStore();
  const at = new Date(end - 31 * DAY).toISOString();
  await ingest(data.items.map((i) => ({ id: `cat-${i.itemId}`, type: "item", timestamp: at, body: { itemId: i.itemId, title: i.title, categories: i.categories, creator: i.creator } })));
  await ingest(data.interactions.map((r, k) => ({ id: `ix-${k}`, type: "interaction", timestamp: new Date(r.at).toISOString(), body: { userId: r.userId, itemId: r.itemId, type: r.type } })));
  const trained = await trainProjectModel(t.h.db, t.org.project.id, { algorithms: ["als"], iterations: 5 });
  expect(trained.promoted).toBe(true);
}, 120_000);

afterAll(async () => {
  await online?.clear(t.org.project.id);
});

describe("feature serving", () => {
  test("before any materialization every value is null with status not_found, not invented", async () => {
    const res = await get("entity=user&id=user-000001");
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.entities[0].status).toEqual({ user_engagement: "not_found", cf_factors: "not_found" });
    expect(Object.values(res.json.entities[0].values).every((v) => v === null)).toBe(true);
  });

  test("the materialize job computes the views offline and serves them online with the right values", async () => {
    const runner = new EmbeddedRunner(t.h.db, [featuresMaterialize], { log: () => {} });
    await runner.send({ name: FEATURES_MATERIALIZE_REQUESTED, data: { projectId: t.org.project.id, now: new Date(end).toISOString() }, id: "materialize-1" });
    await runner.drain();
    const [run] = await t.h.db.select().from(jobRuns).where(eq(jobRuns.idempotencyKey, "materialize-1"));
    expect(run?.status, run?.lastError ?? "").toBe("succeeded");

    // Oracle: the same windows counted here from the generated interactions.
    const users = ["user-000001", "user-000002", "user-000003"];
    const res = await get(`entity=user&id=${users.join(",")}`);
    expect(res.status).toBe(200);
    expect(res.json.features).toEqual([
      "user_engagement:interactions_7d",
      "user_engagement:interactions_30d",
      "user_engagement:positive_rate_30d",
      "user_engagement:distinct_items_30d",
      "user_engagement:last_interaction_at",
      "cf_factors:model_version",
      "cf_factors:factors",
    ]);
    for (const [k, userId] of users.entries()) {
      const mine = data.interactions.filter((r) => r.userId === userId && r.at >= end - 30 * DAY && r.at < end);
      const e = res.json.entities[k];
      expect(e.id).toBe(userId);
      expect(e.status).toEqual({ user_engagement: "present", cf_factors: "present" });
      expect(e.values["user_engagement:interactions_30d"]).toBe(mine.length);
      expect(e.values["user_engagement:interactions_7d"]).toBe(mine.filter((r) => r.at >= end - 7 * DAY).length);
      expect(e.values["user_engagement:distinct_items_30d"]).toBe(new Set(mine.map((r) => r.itemId)).size);
      expect(e.values["user_engagement:positive_rate_30d"]).toBeCloseTo(mine.filter((r) => POSITIVE.has(r.type)).length / mine.length, 4);
      expect(Date.parse(e.values["user_engagement:last_interaction_at"])).toBe(Math.max(...mine.map((r) => r.at)));
      expect(e.eventTime.user_engagement).toBe(new Date(end).toISOString());
      // The factors are the promoted model's for this user.
      const [row] = await t.h.db
        .select({ factors: personalizationUserFactors.factors })
        .from(personalizationUserFactors)
        .where(and(eq(personalizationUserFactors.projectId, t.org.project.id), eq(personalizationUserFactors.userId, userId)));
      const stored = Array.from(floatsOf(row.factors));
      expect(e.values["cf_factors:model_version"]).toBe(1);
      expect(e.values["cf_factors:factors"]).toHaveLength(stored.length);
      e.values["cf_factors:factors"].forEach((v: number, i: number) => expect(v).toBeCloseTo(stored[i], 5));
    }

    const item = data.items[0].itemId;
    const itemRes = await get(`entity=item&id=${item}`);
    const touching = data.interactions.filter((r) => r.itemId === item && r.at >= end - 30 * DAY && r.at < end);
    expect(itemRes.json.entities[0].values["item_statistics:unique_users_30d"]).toBe(new Set(touching.map((r) => r.userId)).size);
    expect(itemRes.json.entities[0].values["content_vectors:embedder"]).toBe("content-v1");
    expect(itemRes.json.entities[0].values["content_vectors:vector"]).toHaveLength(256);
  }, 60_000);

  test("features= selects views and features; bad references, entity mismatches and more than 20 ids are 400s", async () => {
    const one = await get("entity=user&id=user-000004&features=user_engagement:interactions_30d");
    expect(one.status).toBe(200);
    expect(Object.keys(one.json.entities[0].values)).toEqual(["user_engagement:interactions_30d"]);
    const unknown = await get("entity=user&id=user-000004,nobody&features=cf_factors");
    expect(unknown.json.entities.map((e: { status: object }) => e.status)).toEqual([{ cf_factors: "present" }, { cf_factors: "not_found" }]);
    expect((await get("entity=user&id=u&features=nope:x")).status).toBe(400);
    expect((await get("entity=user&id=u&features=user_engagement:nope")).status).toBe(400);
    expect((await get("entity=user&id=u&features=item_statistics")).status).toBe(400);
    expect((await get("entity=shop&id=u")).status).toBe(400);
    const ids = Array.from({ length: 21 }, (_, k) => `u${k}`).join(",");
    const tooMany = await get(`entity=user&id=${ids}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.message).toMatch(/at most 20/);
    expect((await get("entity=user&id=user-000004", {})).status).toBe(401);
  });

  test("values past the view's TTL are served as outside_max_age with no values", async () => {
    const later = end + 3 * DAY; // user_engagement keeps 48 h
    const res = await getOnlineFeatures(t.h.db, online, t.org.project.id, { entity: "user", id: "user-000001" }, { now: later });
    expect(res.entities[0].status).toEqual({ user_engagement: "outside_max_age", cf_factors: "present" });
    expect(res.entities[0].values["user_engagement:interactions_30d"]).toBeNull();
  });

  test("an online store that lost its copy is refilled from the offline values (misses, then hits)", async () => {
    await online.clear(t.org.project.id);
    const stats = servingStats().summary(t.org.project.id).get("user_engagement");
    const before = { hits: stats?.hits ?? 0, misses: stats?.misses ?? 0 };
    const first = await get("entity=user&id=user-000005,user-000006");
    expect(first.json.entities.map((e: { status: Record<string, string> }) => e.status.user_engagement)).toEqual(["present", "present"]);
    await get("entity=user&id=user-000005,user-000006");
    const after = servingStats().summary(t.org.project.id).get("user_engagement")!;
    expect(after.misses - before.misses).toBe(2);
    expect(after.hits - before.hits).toBe(2);
    expect(after.p95Ms).not.toBeNull();
  });
});

describe("point in time", () => {
  test("a later materialization adds values; reads as of the first one still see the old values", async () => {
    const later = end + DAY;
    await ingest([{ id: "ix-late", type: "interaction", timestamp: new Date(end + DAY / 2).toISOString(), body: { userId: "user-000001", itemId: data.items[1].itemId, type: "like" } }]);
    await materializeFeatures(t.h.db, online, t.org.project.id, new Date(later));
    const before = await latestFeatureValues(t.h.db, t.org.project.id, "user_engagement", ["user-000001"], new Date(end));
    const now = await latestFeatureValues(t.h.db, t.org.project.id, "user_engagement", ["user-000001"], new Date(later));
    expect(now.get("user-000001")!.values.interactions_7d).toBe((before.get("user-000001")!.values.interactions_7d as number) + 1 - data.interactions.filter((r) => r.userId === "user-000001" && r.at >= end - 7 * DAY && r.at < later - 7 * DAY).length);
    expect(before.get("user-000001")!.eventTime.getTime()).toBe(end);
    // The model views did not change (same promoted version): no second row.
    const cf = await t.h.db
      .select()
      .from(personalizationFeatureValues)
      .where(and(eq(personalizationFeatureValues.projectId, t.org.project.id), eq(personalizationFeatureValues.view, "cf_factors"), eq(personalizationFeatureValues.entityKey, "user-000001")));
    expect(cf).toHaveLength(1);
  }, 60_000);
});

describe("parity", () => {
  test("the parity job finds nothing to report after a materialization, then the planted stale and wrong values", async () => {
    const now = new Date(end + DAY);
    await online.clear(t.org.project.id);
    await materializeFeatures(t.h.db, online, t.org.project.id, now);
    const clean = await checkFeatureParity(t.h.db, online, t.org.project.id, now);
    for (const r of clean) {
      expect(r.checked, r.view).toBeGreaterThan(0);
      expect(r.diffRate, r.view).toBe(0);
    }
    // Plant: user 2's engagement online is the value from a day earlier (stale); user 3's has the current event time
    // but a wrong count (a bad write).
    const [current3] = await online.read(t.org.project.id, "user_engagement", ["user-000003"]);
    const old2 = (await latestFeatureValues(t.h.db, t.org.project.id, "user_engagement", ["user-000002"], new Date(end))).get("user-000002")!;
    await online.write(t.org.project.id, "user_engagement", [{ entityKey: "user-000002", values: old2.values, eventTime: old2.eventTime.getTime(), materializedAt: end }], DAY);
    await online.write(t.org.project.id, "user_engagement", [{ ...current3!, entityKey: "user-000003", values: { ...current3!.values, interactions_30d: 999 } }], DAY);

    const runner = new EmbeddedRunner(t.h.db, [featuresParity], { log: () => {} });
    await runner.send({ name: FEATURES_PARITY_REQUESTED, data: { now: now.toISOString() }, id: "parity-1" });
    await runner.drain();
    const [run] = await t.h.db.select().from(jobRuns).where(eq(jobRuns.idempotencyKey, "parity-1"));
    expect(run?.status, run?.lastError ?? "").toBe("succeeded");
    const rows = await t.h.db.select().from(personalizationFeatureParity).where(and(eq(personalizationFeatureParity.projectId, t.org.project.id), eq(personalizationFeatureParity.checkedAt, now)));
    const engagement = rows.filter((r) => r.view === "user_engagement").at(-1)!;
    expect(engagement).toMatchObject({ stale: 1, mismatched: 1, missing: 0 });
    expect(engagement.diffRate).toBeCloseTo(2 / engagement.checked, 10);
    expect(engagement.oldestOnlineEventTime?.getTime()).toBe(end);
    expect(engagement.offlineEventTime?.getTime()).toBe(now.getTime());
    expect(rows.filter((r) => r.view === "cf_factors").every((r) => r.diffRate === 0)).toBe(true);

    // What the page shows for the view: entities and freshness offline, the last check, and this process's serving.
    const health = await featureStoreHealth(t.h.db, t.org.project.id, { now: new Date(now.getTime() + 3_600_000), stats: servingStats(), onlineKind: online.kind });
    const row = health.views.find((v) => v.view === "user_engagement")!;
    expect(row).toMatchObject({ entity: "user", eventTime: now.toISOString(), freshnessMs: 3_600_000, parity: { stale: 1, mismatched: 1, onlineLagMs: DAY } });
    expect(row.entities).toBe(new Set(data.interactions.filter((r) => r.at >= now.getTime() - 30 * DAY).map((r) => r.userId)).size);
    expect(row.serving?.requests).toBeGreaterThan(0);
    expect(health.views.map((v) => v.view)).toEqual(["user_engagement", "item_statistics", "cf_factors", "content_vectors"]);
  }, 60_000);

  test("erasing an end user removes their offline feature values", async () => {
    await deleteEndUser(t.h.db, t.org.project.id, "user-000009");
    const left = await t.h.db
      .select()
      .from(personalizationFeatureValues)
      .where(and(eq(personalizationFeatureValues.projectId, t.org.project.id), eq(personalizationFeatureValues.entityKey, "user-000009")));
    expect(left).toEqual([]);
  });
});

// The online store on Redis (TEST_REDIS_URL, else the local server when it answers), under a key prefix of its own.
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const redisUp = await new Promise<boolean>((resolve) => {
  const u = new URL(redisUrl);
  const s = net.connect(Number(u.port || 6379), u.hostname);
  s.once("connect", () => (s.destroy(), resolve(true)));
  s.once("error", () => resolve(false));
});

describe.runIf(redisUp)("on Redis", () => {
  test("materialized values are read back with one MGET, parity sees a planted stale value, and clear removes the keys", async () => {
    const store = await createRedisOnlineStore(redisUrl, `prism-test-features-${process.pid}-${Date.now()}:`);
    try {
      const now = new Date(end + DAY);
      await materializeFeatures(t.h.db, store, t.org.project.id, now);
      const res = await getOnlineFeatures(t.h.db, store, t.org.project.id, { entity: "item", id: `${data.items[0].itemId},${data.items[1].itemId}` }, { now: now.getTime() });
      expect(res.entities.map((e) => e.status)).toEqual([
        { item_statistics: "present", content_vectors: "present" },
        { item_statistics: "present", content_vectors: "present" },
      ]);
      const [fresh] = await store.read(t.org.project.id, "item_statistics", [data.items[0].itemId]);
      await store.write(t.org.project.id, "item_statistics", [{ ...fresh!, entityKey: data.items[0].itemId, eventTime: end - DAY }], DAY);
      const parity = await checkFeatureParity(t.h.db, store, t.org.project.id, now);
      expect(parity.find((r) => r.view === "item_statistics")).toMatchObject({ stale: 1, mismatched: 0, missing: 0 });
    } finally {
      await store.clear(t.org.project.id);
      expect(await store.read(t.org.project.id, "item_statistics", [data.items[0].itemId])).toEqual([null]);
      await store.close();
    }
  }, 60_000);

  test("a second client's write invalidates the first client's near cache; near-cache hits are counted as such", async () => {
    const prefix = `prism-test-near-${process.pid}-${Date.now()}:`;
    const [first, second] = [await createRedisOnlineStore(redisUrl, prefix), await createRedisOnlineStore(redisUrl, prefix, { nearCache: false })];
    const p = t.org.project.id;
    const user = "user-000001";
    const record = (n: number) => ({ entityKey: user, values: { interactions_7d: n, interactions_30d: n }, eventTime: end, materializedAt: end });
    const read = async () => {
      let near = 0;
      const [r] = await first.read(p, "user_engagement", [user], { onNearHits: (n) => (near = n) });
      return { n: r?.values.interactions_7d ?? null, near };
    };
    try {
      expect(await first.nearCache!.armed(10_000)).toBe(true);
      await second.write(p, "user_engagement", [record(1)], DAY);
      expect(await read()).toEqual({ n: 1, near: 0 });
      expect(await read()).toEqual({ n: 1, near: 1 });
      // Another process changes the value: Redis tells the first client, whose next read goes to Redis again.
      await second.write(p, "user_engagement", [record(2)], DAY);
      await first.nearCache!.settle();
      expect(await read()).toEqual({ n: 2, near: 0 });
      expect(await read()).toEqual({ n: 2, near: 1 });
      // The parity check reads Redis itself, not the near copy.
      let parityNear = -1;
      await first.read(p, "user_engagement", [user], { skipNearCache: true, onNearHits: (n) => (parityNear = n) });
      expect(parityNear).toBe(-1);

      // Served through the API's path, the page's figures count the near copy as a hit and say how many were near.
      const stats = createServingStats();
      const opts = { now: end + 60_000, stats };
      await getOnlineFeatures(t.h.db, first, p, { entity: "user", id: user, features: "user_engagement" }, opts);
      expect(stats.summary(p).get("user_engagement")).toMatchObject({ hits: 1, nearHits: 1, misses: 0, hitRatio: 1, nearHitRatio: 1 });

      // A deletion elsewhere is seen too: the value is gone, not served from the copy.
      await second.clear(p);
      await first.nearCache!.settle();
      const after = await getOnlineFeatures(t.h.db, first, p, { entity: "user", id: user, features: "user_engagement" }, opts);
      expect(stats.summary(p).get("user_engagement")).toMatchObject({ hits: 1, nearHits: 1, misses: 1 });
      // The miss was served from the offline values (and written back), not from the dropped copy.
      const offline = (await latestFeatureValues(t.h.db, p, "user_engagement", [user])).get(user);
      expect(after.entities[0].values["user_engagement:interactions_7d"]).toBe(offline?.values.interactions_7d ?? null);
    } finally {
      await second.clear(p);
      await Promise.all([first.close(), second.close()]);
    }
  }, 60_000);
});
