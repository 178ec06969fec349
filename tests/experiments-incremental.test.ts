// Incremental results (lib/experiments/store/unit-values.ts) against the full computation (metric-query.ts) on the same
// data, run after run: late events inside the conversion window, new exposures, a user who gains a second variant
// (excluded from then on), events crossing `until`, a cohort change, an erased user, changed metric definitions and
// `until` moving back. Only the users whose inputs changed are recomputed, yet every figure stays equal.
import { describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { seededDatabase } from "./support/fixtures";
import { presetsPlus, rng, twoVariantExperiment } from "./support/experiments";
import { endUsers, events, experimentExposures, experimentUnitValues } from "@/db/schema";
import { exposureCounts, metricSummariesByCohort } from "@/lib/experiments/store/metric-query";
import { summariesFromUnits } from "@/lib/experiments/store/unit-totals";
import { refreshUnitValues } from "@/lib/experiments/store/unit-values";
import { computeExperimentResults } from "@/lib/experiments/results";
import type { MetricDefinition } from "@/lib/experiments/definition";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";

const t = seededDatabase();
const base = Date.parse("2026-10-01T00:00:00Z");
const hour = 3_600_000;
/** Rows "received" long before the test's runs, so that only what a step adds is new to the watermark. */
const longAgo = new Date(Date.now() - 7 * 24 * hour);

const metrics: MetricDefinition[] = presetsPlus({
  key: "cost_6h",
  name: "Cost in 6 h",
  type: "mean",
  numerator: { events: ["message_sent"], valueProperty: "cost" },
  windowHours: 6,
});

/** Equal figures: counts exactly, sums to 1e-12 relative (the two paths may add floating-point values in another order). */
function expectSame(actual: unknown, expected: unknown, path = "") {
  if (typeof expected === "number") {
    expect(typeof actual, path).toBe("number");
    const tolerance = 1e-12 * Math.max(1, Math.abs(expected));
    expect(Math.abs((actual as number) - expected), `${path}: ${String(actual)} vs ${expected}`).toBeLessThanOrEqual(tolerance);
  } else if (expected instanceof Map) {
    expect([...(actual as Map<string, unknown>).keys()], path).toEqual([...expected.keys()]);
    for (const [k, v] of expected) expectSame((actual as Map<string, unknown>).get(k), v, `${path}.${k}`);
  } else if (Array.isArray(expected)) {
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((v, i) => expectSame((actual as unknown[])[i], v, `${path}[${i}]`));
  } else if (expected && typeof expected === "object") {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectSame((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

describe("incremental per-user values equal a full recompute", () => {
  test("run after run, with late events, new and conflicting exposures, cohort changes, erasure and metric changes", async () => {
    const { h, org } = t;
    const db = h.db;
    const projectId = org.project.id;
    const exp = await twoVariantExperiment(db, org, "incremental", metrics.slice(0, 3).map((m) => m.key));
    const random = rng(7);
    let eventSeq = 0;
    const event = (userId: string, ts: number, receivedAt?: Date) => {
      const r = random();
      const name = r < 0.5 ? "message_sent" : r < 0.8 ? "feedback" : r < 0.9 ? "error" : "page_view";
      const properties =
        name === "message_sent"
          ? { latencyMs: Math.round(200 + random() * 3000), cost: Math.round(random() * 1e6) / 1e7 }
          : name === "feedback"
            ? { thumbs: random() < 0.7 ? "up" : "down" }
            : {};
      return { projectId, id: `inc-${eventSeq++}`, userId, name, timestamp: new Date(ts), properties, ...(receivedAt ? { receivedAt } : {}) };
    };
    const insertEvents = async (rows: ReturnType<typeof event>[]) => {
      for (let i = 0; i < rows.length; i += 500) await db.insert(events).values(rows.slice(i, i + 500));
    };

    // Initial data, all received a week ago: 200 users exposed over 20 days, a few in both variants.
    const exposedAt = new Map<string, number>();
    const exposures: (typeof experimentExposures.$inferInsert)[] = [];
    const initial: ReturnType<typeof event>[] = [];
    for (let i = 0; i < 200; i++) {
      const userId = `inc-${i}`;
      const at = base + Math.floor(random() * 20 * 24) * hour;
      exposedAt.set(userId, at);
      exposures.push({ projectId, experimentId: exp.id, userId, variantKey: i % 2 ? "b" : "control", firstExposedAt: new Date(at), loggedAt: longAgo });
      if (i % 23 === 0) exposures.push({ projectId, experimentId: exp.id, userId, variantKey: i % 2 ? "control" : "b", firstExposedAt: new Date(at + hour), loggedAt: longAgo });
      for (let k = Math.floor(random() * 7); k > 0; k--) initial.push(event(userId, at + Math.floor((random() * 26 - 1) * 24 * hour), longAgo));
    }
    await db.insert(experimentExposures).values(exposures);
    await insertEvents(initial);
    await db.insert(endUsers).values(
      Array.from({ length: 200 }, (_, i) => i)
        .filter((i) => i % 3 !== 2)
        .map((i) => ({ projectId, userId: `inc-${i}`, plan: i % 3 === 0 ? "pro" : "team", signupAt: new Date(base), updatedAt: longAgo })),
    );

    const check = async (until: Date, list = metrics) => {
      const refresh = await refreshUnitValues(db, projectId, exp.id, list, until);
      const incremental = await summariesFromUnits(db, projectId, exp.id, list);
      const full = await metricSummariesByCohort(db, projectId, exp.id, list, until);
      const counts = await exposureCounts(db, projectId, exp.id, until);
      const byKey = (a: { variantKey: string }, b: { variantKey: string }) => a.variantKey.localeCompare(b.variantKey);
      expect({ ...incremental.counts, exposures: incremental.counts.exposures.sort(byKey) }).toEqual({ ...counts, exposures: counts.exposures.sort(byKey) });
      expectSame(incremental.summaries.totals, full.totals, "totals");
      expectSame(incremental.summaries.cohorts, full.cohorts, "cohorts");
      return { refresh, counts, full };
    };

    const until1 = new Date(base + 15 * 24 * hour);
    const first = await check(until1);
    expect(first.refresh).toMatchObject({ mode: "rebuild", reason: "no state" });
    expect(first.counts.multipleExposureUsers).toBeGreaterThan(0);
    const unitsAt1 = first.refresh.usersRecomputed;

    // Between runs: late events (old timestamps inside the window, received now), events that the next `until`
    // passes, a second variant for a counted user, new exposures, a cohort change, and an unrelated user's events.
    const counted = [...exposedAt].filter(([, at]) => at < until1.getTime()).map(([userId]) => userId);
    const lateUsers = counted.slice(0, 5);
    const late = lateUsers.flatMap((userId) => [event(userId, exposedAt.get(userId)! + 2 * hour), event(userId, exposedAt.get(userId)! + 3 * hour)]);
    const until2 = new Date(base + 17 * 24 * hour);
    const crossing = counted.slice(5, 8).map((userId) => event(userId, until1.getTime() + 5 * hour, longAgo));
    await insertEvents([...late, ...crossing, event("not-in-experiment", base + 24 * hour)]);
    const conflicted = counted.find((u) => !exposures.some((x) => x.userId === u && x.variantKey === "b"))!;
    await db.insert(experimentExposures).values([
      { projectId, experimentId: exp.id, userId: conflicted, variantKey: "b", firstExposedAt: new Date(until1.getTime() + hour) },
      { projectId, experimentId: exp.id, userId: "inc-new-1", variantKey: "control", firstExposedAt: new Date(until1.getTime() + 2 * hour) },
      { projectId, experimentId: exp.id, userId: "inc-new-2", variantKey: "b", firstExposedAt: new Date(until1.getTime() + 3 * hour) },
      // Logged now with an earlier first exposure (an SDK's buffered exposure): found by logged_at, not by time.
      { projectId, experimentId: exp.id, userId: "inc-buffered", variantKey: "b", firstExposedAt: new Date(base + 24 * hour) },
    ]);
    await insertEvents([
      event("inc-new-1", until1.getTime() + 4 * hour),
      event("inc-new-2", until1.getTime() + 4 * hour),
      { ...event("inc-buffered", base + 25 * hour, longAgo), name: "feedback", properties: { thumbs: "up" } },
    ]);
    // The cohort change is the only thing that happens to this user (so it must be found by end_users.updated_at).
    const upgraded = counted.slice(8).find((u) => Number(u.slice("inc-".length)) % 3 !== 2 && u !== conflicted)!;
    await db.update(endUsers).set({ plan: "enterprise" }).where(and(eq(endUsers.projectId, projectId), eq(endUsers.userId, upgraded)));

    const second = await check(until2);
    expect(second.refresh.mode).toBe("incremental");
    // Only the changed users (and those whose exposures or events `until` passed) were recomputed.
    expect(second.refresh.usersRecomputed).toBeGreaterThanOrEqual(lateUsers.length + 3);
    expect(second.refresh.usersRecomputed).toBeLessThan(unitsAt1 / 2);
    expect(second.counts.multipleExposureUsers).toBeGreaterThan(first.counts.multipleExposureUsers);
    const [excluded] = await db.select().from(experimentUnitValues).where(eq(experimentUnitValues.userId, conflicted));
    expect(excluded.variantKey).toBeNull();

    // A run with nothing new changes nothing and recomputes only what the margin re-reads.
    const third = await check(until2);
    expect(third.refresh.mode).toBe("incremental");

    // Erasure: the user's unit row goes with their exposures and events.
    await deleteEndUser(db, projectId, lateUsers[1]);
    expect(await db.select().from(experimentUnitValues).where(eq(experimentUnitValues.userId, lateUsers[1]))).toHaveLength(0);
    await check(new Date(until2.getTime() + hour));

    // Changed definitions rebuild; so does `until` moving back (an ended experiment's end date set earlier).
    expect((await check(new Date(until2.getTime() + 2 * hour), metrics.slice(1))).refresh.reason).toBe("metrics changed");
    expect((await check(until1, metrics.slice(1))).refresh.reason).toBe("until moved back");
  });

  test("the results job reads the same statistics through the per-user rows, and a later run picks up late events", async () => {
    const { h, org } = t;
    const db = h.db;
    const projectId = org.project.id;
    const exp = await twoVariantExperiment(db, org, "incremental-job", ["gave_feedback"]);
    const at = new Date(base);
    await db.insert(experimentExposures).values(
      Array.from({ length: 20 }, (_, i) => ({ projectId, experimentId: exp.id, userId: `job-${i}`, variantKey: i % 2 ? "b" : "control", firstExposedAt: at, loggedAt: longAgo })),
    );
    const now = new Date(base + 2 * 24 * hour);
    const firstRun = await computeExperimentResults(db, projectId, exp.id, { now });
    expect(firstRun.unitRefresh?.mode).toBe("rebuild");
    expect(firstRun.metrics[0].summaries.map((s) => s.sum)).toEqual([0, 0]);
    // Feedback that arrives late, timestamped inside the window and before the previous run's `until`.
    await db.insert(events).values(
      [1, 3, 5].map((i) => ({ projectId, id: `job-fb-${i}`, userId: `job-${i}`, name: "feedback", timestamp: new Date(base + hour), properties: {} })),
    );
    const secondRun = await computeExperimentResults(db, projectId, exp.id, { now });
    expect(secondRun.unitRefresh).toMatchObject({ mode: "incremental", usersRecomputed: 3 });
    expect(secondRun.metrics[0].summaries.map((s) => s.sum)).toEqual([0, 3]);
    expect(await db.select().from(experimentUnitValues).where(eq(experimentUnitValues.experimentId, exp.id))).toHaveLength(20);
  });
});
