// Extreme stored values must not break monitoring: the detection job runs over them without storing Infinity
// (null once in JSON, which the anomaly feed formatted with toFixed), and overflowing scores are capped.
import { expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { call, seededDatabase } from "./support/fixtures";
import { metricRollups, monitoringAnomalies } from "@/db/schema";
import * as anomaliesRoute from "@/app/api/v1/monitoring/anomalies/route";
import { detectProjectAnomalies } from "@/lib/monitoring/store/detection";
import { finiteAnomaly, MAX_ANOMALY_SCORE } from "@/lib/monitoring/anomaly/finite";

const t = seededDatabase();
const DAY = 86_400_000;

test("the detection job runs over a stored value near the double's limit and stores finite numbers only", async () => {
  const pid = t.org.project.id;
  const end = Date.UTC(2026, 10, 20);
  // Rollups written before inputs were bounded: a flat series with one spike, then a value near the double's limit.
  const rows = Array.from({ length: 60 }, (_, i) => ({
    projectId: pid,
    granularity: "day" as const,
    metric: "legacy.cost",
    dimension: "all",
    dimensionValue: "all",
    bucketStart: new Date(end - (60 - i) * DAY),
    value: i === 59 ? 1e308 : i === 58 ? 50 : 1 + (i % 3) * 1e-3,
    count: 10,
  }));
  await t.h.db.insert(metricRollups).values(rows);
  await detectProjectAnomalies(t.h.db, pid, new Date(end + 12 * 3_600_000));
  const stored = await t.h.db.select().from(monitoringAnomalies).where(eq(monitoringAnomalies.projectId, pid));
  expect(stored.length).toBeGreaterThan(0);
  for (const a of stored) for (const v of [a.score, a.value, a.expected, a.lower, a.upper]) expect(Number.isFinite(v)).toBe(true);
  const res = await call(anomaliesRoute.GET, "/api/v1/monitoring/anomalies?from=2026-01-01&to=2026-12-31", { as: t.org.users.viewer.id });
  expect(res.status).toBe(200);
  expect(JSON.stringify(res.json)).not.toMatch(/"(score|value|expected|lower|upper)":null/);
});

test("an overflowing score is capped and a non-finite value is left out", () => {
  const a = { value: 5, expected: 1, lower: 0, upper: Number.POSITIVE_INFINITY, score: Number.POSITIVE_INFINITY };
  expect(finiteAnomaly(a)).toEqual({ value: 5, expected: 1, lower: 0, upper: 5, score: MAX_ANOMALY_SCORE });
  expect(finiteAnomaly({ ...a, value: Number.POSITIVE_INFINITY })).toBeNull();
});
