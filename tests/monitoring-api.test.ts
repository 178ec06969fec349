import { expect, test } from "vitest";
import { bearer, call, seededDatabase } from "./support/fixtures";
import * as detect from "@/app/api/v1/monitoring/detect/route";
import * as drift from "@/app/api/v1/monitoring/drift/route";
import * as forecast from "@/app/api/v1/monitoring/forecast/route";
import type { Handler } from "@/lib/http/route";

const t = seededDatabase();
const post = (handler: Handler, body: unknown) =>
  call(handler, "/api/v1/monitoring", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body });

// 21 days of hourly traffic with a daily cycle, deterministic noise, and one spike.
const start = Date.UTC(2026, 9, 1);
const series = Array.from({ length: 21 * 24 }, (_, i) => ({
  timestamp: new Date(start + i * 3_600_000).toISOString(),
  value: 100 + 40 * Math.sin((2 * Math.PI * (i % 24)) / 24) + ((i * 7919) % 13) - 6 + (i === 400 ? 260 : 0),
}));

test("detect finds the injected spike, with its expected value and band", async () => {
  const res = await post(detect.POST, { series });
  expect(res.status).toBe(200);
  const spike = res.json.anomalies.find((a: { timestamp: string }) => a.timestamp === series[400].timestamp);
  expect(spike).toMatchObject({ direction: "up" });
  expect(spike.value).toBeGreaterThan(spike.upper);
  expect(spike.expected).toBeLessThan(spike.value);
});

test("detect with since reports only the newest points, with per-point scores and incidents, as the hourly job does", async () => {
  // 28 days with the spike 10 hours before the end; `since` = the last day.
  const long = Array.from({ length: 28 * 24 }, (_, i) => ({
    timestamp: new Date(start + i * 3_600_000).toISOString(),
    value: 100 + 40 * Math.sin((2 * Math.PI * (i % 24)) / 24) + ((i * 7919) % 13) - 6 + (i === 28 * 24 - 10 || i === 400 ? 260 : 0),
  }));
  const since = long[long.length - 24].timestamp;
  const res = await post(detect.POST, { series: long, options: { since, pointScores: true } });
  expect(res.status).toBe(200);
  expect(res.json.anomalies.map((a: { timestamp: string; direction: string }) => [a.timestamp, a.direction])).toEqual([[long[long.length - 10].timestamp, "up"]]);
  expect(res.json.incidents).toMatchObject([{ start: long[long.length - 10].timestamp, end: long[long.length - 10].timestamp, points: 1, kind: "spike" }]);
  // One calibrated score in [0, 1] per point since `since`; the spike's is the highest.
  const scores = res.json.points as { timestamp: string; score: number }[];
  expect(scores.map((p) => p.timestamp)).toEqual(long.slice(-24).map((p) => p.timestamp));
  expect(scores.every((p) => p.score >= 0 && p.score <= 1)).toBe(true);
  expect(scores.reduce((a, b) => (b.score > a.score ? b : a)).timestamp).toBe(long[long.length - 10].timestamp);
  // The older spike is only reported when the whole series is scored.
  const full = await post(detect.POST, { series: long });
  expect(full.json.anomalies.map((a: { timestamp: string }) => a.timestamp)).toContain(long[400].timestamp);
  const bad = await post(detect.POST, { series: long, options: { since: "last tuesday" } });
  expect(bad.status).toBe(400);
  expect(bad.json.error.message).toMatch(/^options\.since/);
});

test("drift flags a shifted numeric feature and keeps a stable one", async () => {
  const reference = Array.from({ length: 400 }, (_, i) => (i % 40) + 100);
  const res = await post(drift.POST, {
    reference: { promptLength: reference, model: reference.map((_, i) => (i % 2 ? "a" : "b")) },
    current: { promptLength: reference.map((v) => v + 30), model: reference.map((_, i) => (i % 2 ? "a" : "b")) },
  });
  expect(res.status).toBe(200);
  const byName = Object.fromEntries(res.json.features.map((f: { name: string }) => [f.name, f]));
  expect(byName.promptLength).toMatchObject({ kind: "numeric", test: "ks", drifted: true });
  expect(byName.model.drifted).toBe(false);
});

test("forecast returns horizon points with nested 80% and 95% intervals", async () => {
  const res = await post(forecast.POST, { series: series.slice(0, 14 * 24), horizon: 24 });
  expect(res.status).toBe(200);
  expect(res.json.points).toHaveLength(24);
  for (const p of res.json.points) {
    expect(p.lower95).toBeLessThanOrEqual(p.lower80);
    expect(p.upper95).toBeGreaterThanOrEqual(p.upper80);
  }
});

test("malformed input is a 400 naming the field", async () => {
  const res = await post(detect.POST, { series: [{ timestamp: "x", value: "high" }] });
  expect(res.status).toBe(400);
  expect(res.json.error.message).toMatch(/^series/);
  expect((await post(forecast.POST, { series, horizon: -1 })).json.error.message).toMatch(/horizon/);
});
