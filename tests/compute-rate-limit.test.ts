// The CPU-heavy analysis endpoints share a per-key budget: past it they answer 429 with Retry-After, without
// reading the body, while other keys are unaffected.
import { beforeAll, expect, test } from "vitest";
import { bearer, call, seededDatabase, seedOrg, type SeededOrg } from "./support/fixtures";
import * as detect from "@/app/api/v1/monitoring/detect/route";
import * as forecast from "@/app/api/v1/monitoring/forecast/route";
import * as drift from "@/app/api/v1/monitoring/drift/route";
import * as stats from "@/app/api/v1/stats/analyze/route";
import * as emotions from "@/app/api/v1/analyze/emotions/route";
import { COMPUTE_RATE_LIMIT } from "@/lib/compute/rate-limit";
import type { Handler } from "@/lib/http/route";

const t = seededDatabase();
let other: SeededOrg;
beforeAll(async () => {
  other = await seedOrg(t.h.db);
});
const post = (handler: Handler, secret: string, body: unknown = {}) => call(handler, "/api/v1/x", { method: "POST", headers: bearer(secret), body });

test("past the per-key budget every analysis endpoint answers 429 with Retry-After; another key still works", async () => {
  const key = t.org.apiKey.secretKey;
  const handlers = [detect.POST, forecast.POST, drift.POST, stats.POST, emotions.POST];
  // Empty bodies are invalid (400) and cheap, but each call spends the budget all the same.
  for (let i = 0; i < COMPUTE_RATE_LIMIT.limit; i++) expect((await post(handlers[i % handlers.length], key)).status).toBe(400);
  for (const handler of handlers) {
    const res = await post(handler, key);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res.json.error.code).toBe("rate_limited");
  }
  expect((await post(emotions.POST, other.apiKey.secretKey, { texts: ["I am happy"] })).status).toBe(200);
});

test("series values beyond any metric's range are refused instead of overflowing to Infinity (null in JSON)", async () => {
  const series = Array.from({ length: 48 }, (_, i) => ({ timestamp: Date.UTC(2026, 10, 1) + i * 3_600_000, value: i === 47 ? 1e308 : 1 }));
  const res = await post(detect.POST, other.apiKey.secretKey, { series });
  expect(res.status).toBe(400);
  expect(res.json.error.message).toMatch(/^series\.47\.value: /);
});
