// Ranking controls of POST /api/v1/recommendations through the real route handlers and database: a category filter,
// a cap per creator and a recency boost, from the request and from the project's saved settings (the request wins),
// on the collaborative path and on the popularity fallback; bad values are 400s naming the field. The served model
// is a hand-made version (one factor per item), so every expected list below is worked out by hand.
import { beforeAll, describe, expect, test } from "vitest";
import { bearer, call, seededDatabase } from "./support/fixtures";
import * as recommendations from "@/app/api/v1/recommendations/route";
import * as settings from "@/app/api/v1/recommendations/settings/route";
import { ingestBatch } from "@/lib/ingest/batch";
import { saveModelVersion } from "@/lib/personalization/store/models";
import { DEFAULT_TRAINING_PARAMS, type TrainedModel } from "@/lib/personalization/train";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const DAY = 86_400_000;
const now = Date.now();

// itemId, factor (the user's score, since the user's factor is 1), creator, categories, age in days (null: no date),
// popularity. Calibrated over all seven: (s − 0.1) / 0.8 → i1 1, i2 0.875, i3 0.75, i4 0.625, i5 0.5, i6 0.375, i7 0.
const ITEMS = [
  ["i1", 0.9, "A", ["news"], 30, 5],
  ["i2", 0.8, "A", ["news"], 30, 4],
  ["i3", 0.7, "A", ["sport"], 30, 3],
  ["i4", 0.6, "B", ["sport"], 30, 2],
  ["i5", 0.5, "B", ["news"], 0, 1],
  ["i6", 0.4, "C", ["sport"], 7, 1],
  ["i7", 0.1, null, ["music"], null, 0],
] as const;

const ask = (body: Record<string, unknown>) => call(recommendations.POST, "/api/v1/recommendations", { method: "POST", headers: key(), body });
const ids = async (body: Record<string, unknown>) => {
  const res = await ask({ userId: "u1", ...body });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.items.map((i: { itemId: string }) => i.itemId);
};
const put = (body: unknown) => call(settings.PUT, "/api/v1/recommendations/settings", { method: "PUT", headers: key(), body });

beforeAll(async () => {
  const at = new Date(now - 60 * DAY).toISOString();
  const res = await ingestBatch(t.h.db, t.org.project.id, {
    batch: ITEMS.map(([itemId, , creator, categories, age]) => ({
      id: `cat-${itemId}`,
      type: "item",
      timestamp: at,
      body: { itemId, title: itemId, categories, ...(creator ? { creator } : {}), ...(age === null ? {} : { publishedAt: new Date(now - age * DAY).toISOString() }) },
    })),
  });
  expect(res.errors).toEqual([]);
  const model: TrainedModel = {
    manifest: { algorithm: "als", users: 1, items: ITEMS.length, interactions: 0, dimension: 1, sha256: "0".repeat(64), params: { ...DEFAULT_TRAINING_PARAMS, factors: 1 }, trainingMs: 0 },
    evaluation: {
      k: 10,
      holdoutFraction: 0.2,
      model: { ndcgAt10: 1, recallAt10: 1, hitRate: 1, users: 1, userCoverage: 1, itemCoverage: 1 },
      popularity: { ndcgAt10: 0, recallAt10: 0, hitRate: 0, users: 1, userCoverage: 1, itemCoverage: 1 },
      ndcgRatio: null,
      beatsBaseline: true,
    },
    userIds: ["u1"],
    itemIds: ITEMS.map((i) => i[0]),
    userFactors: Float32Array.from([1]),
    itemFactors: Float32Array.from(ITEMS.map((i) => i[1])),
    itemPopularity: ITEMS.map((i) => i[5]),
    content: null,
  };
  await saveModelVersion(t.h.db, t.org.project.id, model, true);
});

describe("ranking controls", () => {
  test("without controls the list is the plain ranking", async () => {
    expect(await ids({ limit: 4 })).toEqual(["i1", "i2", "i3", "i4"]);
  });

  test("creator cap: at most N per creator, the list filled from the next creators (an item without a creator is never capped)", async () => {
    expect(await ids({ limit: 4, creatorCap: 1 })).toEqual(["i1", "i4", "i6", "i7"]);
    expect(await ids({ limit: 4, creatorCap: 2 })).toEqual(["i1", "i2", "i4", "i5"]);
    const res = await ask({ userId: "u1", limit: 4, creatorCap: 1 });
    expect(res.json.ranking).toMatchObject({ creatorCap: 1, source: "default" });
    // A list shorter than the limit only when the cap leaves nothing else: 3 creators + 1 uncredited item.
    expect(await ids({ limit: 6, creatorCap: 1 })).toEqual(["i1", "i4", "i6", "i7"]);
  });

  test("category filter: only items carrying one of the categories, calibrated among them", async () => {
    const res = await ask({ userId: "u1", limit: 3, category: "sport" });
    expect(res.status).toBe(200);
    // Among i3 (0.7), i4 (0.6), i6 (0.4): (s − 0.4) / 0.3 → 1, 0.666667, 0.
    expect(res.json.items.map((i: { itemId: string; score: number }) => [i.itemId, i.score])).toEqual([["i3", 1], ["i4", 0.666667], ["i6", 0]]);
    expect(res.json.ranking.category).toEqual(["sport"]);
    expect(await ids({ limit: 10, category: ["news", "music"] })).toEqual(["i1", "i2", "i5", "i7"]);
    expect(await ids({ limit: 10, category: "no-such-category" })).toEqual([]);
    expect(await ids({ limit: 2, category: ["news", "sport"], creatorCap: 1 })).toEqual(["i1", "i4"]);
  });

  test("recency boost: b · 2^(−age / half-life) added to the blended score", async () => {
    // b 0.5, half-life 7 days: i1..i4 (30 days) + 0.0256, i5 (today) + 0.5 = 1.0, i6 (7 days) + 0.25, i7 (no date) + 0.
    const res = await ask({ userId: "u1", limit: 3, recencyBoost: 0.5 });
    expect(res.json.items.map((i: { itemId: string }) => i.itemId)).toEqual(["i1", "i5", "i2"]);
    const i5 = res.json.items[1];
    expect(i5.score).toBeCloseTo(1.0, 4);
    expect(i5.reasons).toEqual(["collaborative", "recency"]);
    expect(res.json.items[0].reasons).toEqual(["collaborative"]);
    expect(res.json.ranking).toMatchObject({ recencyBoost: 0.5 });
    // b 0.2: i5 0.5 + 0.2 = 0.7 < i3 0.75 + 0.01: fourth, ahead of i4.
    expect(await ids({ limit: 4, recencyBoost: 0.2 })).toEqual(["i1", "i2", "i3", "i5"]);
    // A 1-day half-life leaves the 7-day-old i6 0.5/128 and today's i5 the whole 0.5.
    const short = await ask({ userId: "u1", limit: 7, recencyBoost: 0.5, recencyHalfLifeDays: 1 });
    const scoreOf = (id: string) => short.json.items.find((i: { itemId: string }) => i.itemId === id).score;
    expect(scoreOf("i6")).toBeCloseTo(0.375 + 0.5 / 128, 4);
    expect(scoreOf("i7")).toBe(0);
  });

  test("the popularity fallback (a user no model knows) honours the same controls", async () => {
    const plain = await ask({ userId: "stranger", limit: 4 });
    expect(plain.json.items.map((i: { itemId: string; reasons: string[] }) => [i.itemId, i.reasons])).toEqual([["i1", ["popular"]], ["i2", ["popular"]], ["i3", ["popular"]], ["i4", ["popular"]]]);
    expect(plain.json.ranking).toBeUndefined();
    const capped = await ask({ userId: "stranger", limit: 4, creatorCap: 1, category: ["news", "sport", "music"] });
    expect(capped.json.items.map((i: { itemId: string }) => i.itemId)).toEqual(["i1", "i4", "i6", "i7"]);
    expect(capped.json.ranking).toMatchObject({ creatorCap: 1, collaborativeWeight: 0 });
  });

  test("project settings set the defaults, the request overrides them, and clearing them restores the plain ranking", async () => {
    const saved = await put({ ranking: { creatorCap: 1 } });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(saved.json).toMatchObject({ ranking: { creatorCap: 1 }, personaFallbackSource: "shipped" });
    const got = await call(settings.GET, "/api/v1/recommendations/settings", { headers: key() });
    expect(got.json.ranking).toEqual({ creatorCap: 1 });
    expect(await ids({ limit: 4 })).toEqual(["i1", "i4", "i6", "i7"]);
    expect(await ids({ limit: 4, creatorCap: 2 })).toEqual(["i1", "i2", "i4", "i5"]);
    expect((await put({ ranking: {} })).status).toBe(200);
    expect(await ids({ limit: 4 })).toEqual(["i1", "i2", "i3", "i4"]);
  });

  test("bad values are 400s naming the field, and nothing is saved", async () => {
    for (const [body, field] of [
      [{ creatorCap: 0 }, "creatorCap"],
      [{ creatorCap: 1.5 }, "creatorCap"],
      [{ recencyBoost: 1.5 }, "recencyBoost"],
      [{ recencyBoost: -0.1 }, "recencyBoost"],
      [{ recencyHalfLifeDays: 0 }, "recencyHalfLifeDays"],
      [{ category: [] }, "category"],
      [{ category: "" }, "category"],
    ] as const) {
      const res = await ask({ userId: "u1", ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.message).toContain(field);
    }
    const bad = await put({ ranking: { creatorCap: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain("creatorCap");
    expect((await put({ ranking: { cap: 2 } })).status).toBe(400);
    const got = await call(settings.GET, "/api/v1/recommendations/settings", { headers: key() });
    expect(got.json.ranking).toEqual({});
  });
});
