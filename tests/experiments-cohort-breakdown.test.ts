// A saved cohort as the breakdown of experiment results: through the results route on a real database, against
// counts written out by hand, and with the clear errors a bad cohort gets.
import { beforeAll, expect, test } from "vitest";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { experimentConfig } from "./support/experiments";
import { events, experimentExposures } from "@/db/schema";
import { createExperiment } from "@/lib/experiments/store/experiments";
import { computeExperimentResults } from "@/lib/experiments/results";
import * as cohortsRoute from "@/app/api/v1/cohorts/route";
import * as refreshRoute from "@/app/api/v1/cohorts/[id]/refresh/route";
import * as resultsRoute from "@/app/api/v1/experiments/[key]/results/route";
import type { MetricResult } from "@/lib/experiments/results-types";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const t0 = new Date("2026-10-01T00:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
let cohortId = "";
let unrefreshedId = "";

// Variant a: u1..u4, b: u5..u8. Members of the cohort: u1, u2 (a) and u5 (b).
// Messages in the window: u1 3, u2 1, u3 0, u4 2 | u5 4, u6 1, u7 1, u8 0.
const messages: Record<string, number> = { u1: 3, u2: 1, u3: 0, u4: 2, u5: 4, u6: 1, u7: 1, u8: 0 };

beforeAll(async () => {
  const p = t.org.project.id;
  const actor = { userId: t.org.users.admin.id, email: t.org.users.admin.email, orgId: t.org.org.id, projectId: p };
  const exp = await createExperiment(t.h.db, actor, experimentConfig({
    key: "cohort-split",
    name: "Cohort split",
    variants: [{ key: "a", weight: 0.5 }, { key: "b", weight: 0.5 }],
    goalMetrics: [{ key: "msgs", name: "Messages", type: "count", numerator: { events: ["message_sent"] }, windowHours: 24 }],
  }));
  await t.h.db.insert(experimentExposures).values(
    Object.keys(messages).map((userId, i) => ({ projectId: p, experimentId: exp.id, userId, variantKey: i < 4 ? "a" : "b", firstExposedAt: at(0) })),
  );
  await t.h.db.insert(events).values(
    Object.entries(messages).flatMap(([userId, n]) =>
      Array.from({ length: n }, (_, k) => ({ projectId: p, id: `${userId}-${k}`, userId, name: "message_sent", timestamp: at(10 + k) })),
    ),
  );
  await computeExperimentResults(t.h.db, p, exp.id, { now: at(2000) });
  const created = await call(cohortsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: "Early", definition: { static: ["u1", "u2", "u5", "nobody"] } } });
  cohortId = created.json.id;
  await call(refreshRoute.POST, "/x", { method: "POST", headers: key(), params: { id: cohortId } });
  unrefreshedId = (await call(cohortsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: "Later", definition: { static: ["u3"] } } })).json.id;
});

const results = (cohort?: string) =>
  call(resultsRoute.GET, `/api/v1/experiments/cohort-split/results${cohort === undefined ? "" : `?cohort=${cohort}`}`, {
    as: t.org.users.viewer.id,
    params: { key: "cohort-split" },
  });

test("members and the other exposed users, per variant, add up to the totals", async () => {
  const res = await results(cohortId);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  expect(res.json.breakdown).toMatchObject({ kind: "cohort", cohort: { id: cohortId, name: "Early", size: 4 } });
  const metric: MetricResult = res.json.results.metrics.find((m: MetricResult) => m.metricKey === "msgs");
  expect(metric.cohorts).toEqual([
    { cohort: "in Early", summaries: [{ key: "a", n: 2, sum: 4, sumSquares: 10 }, { key: "b", n: 1, sum: 4, sumSquares: 16 }] },
    { cohort: "not in Early", summaries: [{ key: "a", n: 2, sum: 2, sumSquares: 4 }, { key: "b", n: 3, sum: 2, sumSquares: 2 }] },
  ]);
  expect(metric.summaries).toEqual([{ key: "a", n: 4, sum: 6, sumSquares: 14 }, { key: "b", n: 4, sum: 6, sumSquares: 18 }]);
});

test("without a cohort the split stays the plan at first exposure", async () => {
  const res = await results();
  expect(res.status).toBe(200);
  expect(res.json.breakdown).toEqual({ kind: "plan" });
  const metric: MetricResult = res.json.results.metrics.find((m: MetricResult) => m.metricKey === "msgs");
  expect(metric.cohorts?.map((c) => c.cohort)).toEqual(["unknown"]);
});

test("a malformed, unknown or never-refreshed cohort is a clear error", async () => {
  const bad = await results("not-a-uuid");
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.json)).toContain("cohort must be a cohort id");
  expect((await results("00000000-0000-4000-8000-000000000000")).status).toBe(404);
  const unready = await results(unrefreshedId);
  expect(unready.status).toBe(409);
  expect(unready.json.error.message).toContain("refresh it first");
});
