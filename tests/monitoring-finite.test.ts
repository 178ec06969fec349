// A stored series extreme enough to overflow the detector's score must not put Infinity (null once in JSON) into
// stored anomalies: the page reading them renders every score with toFixed.
import { expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { call, seededDatabase } from "./fixtures";
import { metricRollups, monitoringAnomalies } from "@/db/schema";
import * as anomaliesRoute from "@/app/api/v1/monitoring/anomalies/route";
import { detectProjectAnomalies } from "@/lib/monitoring/store/detection";

const t = seededDatabase();
const DAY = 86_400_000;

test("detection never stores a non-finite score, and the anomalies API returns numbers only", async () => {
  const pid = t.org.project.id;
  const end = Date.UTC(2026, 10, 20);
  // Rollups written before inputs were bounded: a flat series, then a value near the double's limit.
  const rows = Array.from({ length: 60 }, (_, i) => ({
    projectId: pid,
    granularity: "day" as const,
    metric: "legacy.cost",
    dimension: "all",
    dimensionValue: "all",
    bucketStart: new Date(end - (60 - i) * DAY),
    value: i === 59 ? 1e308 : 1 + (i % 3) * 1e-9,
    count: 10,
  }));
  await t.h.db.insert(metricRollups).values(rows);
  await detectProjectAnomalies(t.h.db, pid, new Date(end + 12 * 3_600_000));
  const stored = await t.h.db.select().from(monitoringAnomalies).where(eq(monitoringAnomalies.projectId, pid));
  expect(stored.length).toBeGreaterThan(0);
  for (const a of stored) for (const v of [a.score, a.value, a.expected, a.lower, a.upper]) expect(Number.isFinite(v)).toBe(true);
  const res = await call(anomaliesRoute.GET, "/api/v1/monitoring/anomalies", { as: t.org.users.viewer.id });
  expect(res.status).toBe(200);
  const list = res.json.data ?? res.json.anomalies ?? res.json;
  expect(JSON.stringify(list)).not.toMatch(/"score":null/);
});
