// GET /api/v1/recommendations/trending through the real route handler and database: items whose last-24-hour
// positive engagement beats their own previous week, by category, never negative reactions, never a steady favourite.
import { beforeAll, expect, test } from "vitest";
import { bearer, call, seededDatabase } from "./support/fixtures";
import * as trending from "@/app/api/v1/recommendations/trending/route";
import { ingestBatch } from "@/lib/ingest/batch";

const t = seededDatabase();
const HOUR = 3_600_000;
const now = Date.now();

beforeAll(async () => {
  const at = new Date(now - 30 * 86_400_000).toISOString();
  const items = [
    { itemId: "steady", title: "Steady favourite", categories: ["jazz"] },
    { itemId: "rising", title: "Rising track", categories: ["jazz"] },
    { itemId: "newcomer", title: "Brand new", categories: ["rock"] },
    { itemId: "skipped", title: "Skipped a lot", categories: ["rock"] },
  ];
  const batch: unknown[] = items.map((i) => ({ id: `cat-${i.itemId}`, type: "item", timestamp: at, body: i }));
  let n = 0;
  const add = (itemId: string, count: number, from: number, to: number, type = "play") => {
    for (let k = 0; k < count; k++) {
      const time = new Date(now - from - ((to - from) * k) / count).toISOString();
      batch.push({ id: `ix-${n++}`, type: "interaction", timestamp: time, body: { userId: `u${n % 17}`, itemId, type } });
    }
  };
  // steady: 7 a day for the past week and 7 in the last day; rising: 1 a day, then 10; newcomer: only 4, recently.
  add("steady", 49, 25 * HOUR, 7 * 24 * HOUR);
  add("steady", 7, HOUR, 20 * HOUR);
  add("rising", 7, 25 * HOUR, 7 * 24 * HOUR);
  add("rising", 10, HOUR, 20 * HOUR, "like");
  add("newcomer", 4, HOUR, 10 * HOUR);
  add("skipped", 12, HOUR, 10 * HOUR, "skip");
  const res = await ingestBatch(t.h.db, t.org.project.id, { batch });
  expect(res.errors).toEqual([]);
}, 60_000);

const get = (query = "") => call(trending.GET, `/api/v1/recommendations/trending${query}`, { headers: bearer(t.org.apiKey.secretKey) });

test("lists rising and new items by z-score, not the steady favourite nor the skipped item", async () => {
  const res = await get();
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  expect(res.json.items.map((i: { itemId: string }) => i.itemId)).toEqual(["rising", "newcomer"]);
  expect(res.json.items[0]).toMatchObject({ title: "Rising track", categories: ["jazz"], recent: 10, baseline: 7, expected: 1, zScore: 9 });
  expect(res.json.items[1]).toMatchObject({ recent: 4, baseline: 0, zScore: 4 });
  expect(res.json.window.minRecent).toBe(3);
});

test("filters by category, honours the limit and validates the query", async () => {
  expect((await get("?category=rock")).json.items.map((i: { itemId: string }) => i.itemId)).toEqual(["newcomer"]);
  expect((await get("?category=classical")).json.items).toEqual([]);
  expect((await get("?limit=1")).json.items).toHaveLength(1);
  expect((await get("?limit=0")).status).toBe(400);
  expect((await call(trending.GET, "/api/v1/recommendations/trending", { as: t.org.users.viewer.id })).status).toBe(200);
  expect((await call(trending.GET, "/api/v1/recommendations/trending", { as: t.org.users.member.id })).status).toBe(403);
});
