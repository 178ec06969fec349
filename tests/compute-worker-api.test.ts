// The analysis endpoints compute in the worker pool and reply exactly what the in-thread functions produce.
import { expect, test } from "vitest";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { hourlySeries } from "./support/synthetic-series";
import * as detect from "@/app/api/v1/monitoring/detect/route";
import * as emotions from "@/app/api/v1/analyze/emotions/route";
import { computePoolStats } from "@/lib/compute/compute-pool";
import { detectAnomalies } from "@/lib/monitoring";
import { analyzeEmotions } from "@/lib/spectrum/api/analyze-emotions";

const t = seededDatabase();

test("POST /monitoring/detect runs in a worker thread and replies the in-thread result, byte for byte", async () => {
  const body = { series: hourlySeries({ hours: 24 * 21, seed: 9, effect: (h) => (h === 24 * 21 - 2 ? 90 : 0) }) };
  const before = computePoolStats().completed;
  const res = await call(detect.POST, "/api/v1/monitoring/detect", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body });
  expect(res.status).toBe(200);
  expect(JSON.stringify(res.json)).toBe(JSON.stringify(detectAnomalies(body)));
  expect(res.json.anomalies.length).toBeGreaterThan(0);
  expect(computePoolStats()).toMatchObject({ completed: before + 1, running: 0, crashed: 0 });
});

test("POST /analyze/emotions through the pool equals the in-thread analyzer; invalid bodies are still a 400 before any work", async () => {
  const body = { texts: ["I love this so much!", "I'm worried it will break again."] };
  const res = await call(emotions.POST, "/api/v1/analyze/emotions", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body });
  expect(res.status).toBe(200);
  expect(JSON.stringify(res.json)).toBe(JSON.stringify(await analyzeEmotions(body)));
  const before = computePoolStats().completed;
  const bad = await call(emotions.POST, "/api/v1/analyze/emotions", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: { texts: [] } });
  expect(bad.status).toBe(400);
  expect(computePoolStats().completed).toBe(before);
});
