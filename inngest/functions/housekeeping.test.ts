import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { InngestTestEngine } from "@inngest/test";
import { createTestDb } from "@/tests/support/db";
import { seedOrg, type SeededOrg } from "@/tests/support/fixtures";
import type { DbHandle } from "@/db/client";
import { apiCallsLog, events, jobRuns, metricPoints, metricRollups, personalizationInteractions, projects, spectrumEngagementEvents, traces } from "@/db/schema";
import { enforceRetention, type RetentionResult } from "@/lib/retention/store/enforce";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { toInngestFunction } from "@/inngest/client";
import { housekeeping, HOUSEKEEPING_REQUESTED } from "./housekeeping";

let h: DbHandle;
let org: SeededOrg;
const now = new Date("2026-11-20T03:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

async function seedEvents() {
  await h.db.delete(events).where(eq(events.projectId, org.project.id));
  await h.db.insert(events).values(
    [1, 29, 31, 200].map((d) => ({ projectId: org.project.id, id: `ev-${d}`, name: "x", timestamp: daysAgo(d) })),
  );
}
const remaining = async () =>
  (await h.db.select({ id: events.id }).from(events).where(eq(events.projectId, org.project.id))).map((r) => r.id).sort();

beforeAll(async () => {
  h = await createTestDb();
  org = await seedOrg(h.db);
  await h.db.update(projects).set({ retentionDays: 30 }).where(eq(projects.id, org.project.id));
});
afterAll(async () => h.close());

describe("nightly housekeeping", () => {
  test("as an Inngest function: deletes events past the project's retention and records the run", async () => {
    await seedEvents();
    const t = new InngestTestEngine({ function: toInngestFunction(housekeeping) });
    const { result, error } = await t.execute({
      events: [{ name: HOUSEKEEPING_REQUESTED, id: "evt-housekeeping-1", data: { now: now.toISOString() } }],
    });
    expect(error).toBeUndefined();
    const mine = (result as { retention: RetentionResult[] }).retention.find((r) => r.projectId === org.project.id);
    expect(mine?.deleted.events).toBe(2);
    expect(await remaining()).toEqual(["ev-1", "ev-29"]);
    const ledger = await h.db.select().from(jobRuns).where(eq(jobRuns.mode, "inngest"));
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ functionId: "nightly-housekeeping", status: "succeeded", attempts: 1 });
  });

  test("through the embedded runner: same result; a second run with the same key does nothing", async () => {
    await seedEvents();
    const runner = new EmbeddedRunner(h.db, [housekeeping], { log: () => {} });
    await runner.send({ name: HOUSEKEEPING_REQUESTED, data: { now: now.toISOString() }, id: "nightly-2026-11-20" });
    await runner.drain();
    expect(await remaining()).toEqual(["ev-1", "ev-29"]);
    await seedEvents();
    const again = await runner.send({ name: HOUSEKEEPING_REQUESTED, data: { now: now.toISOString() }, id: "nightly-2026-11-20" });
    await runner.drain();
    expect(again[0].created).toBe(false);
    expect(await remaining()).toEqual(["ev-1", "ev-200", "ev-29", "ev-31"]);
    const runs = await h.db.select().from(jobRuns).where(eq(jobRuns.mode, "embedded"));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  test("every raw table is trimmed past the cut-off, a batch at a time, and derived rollups stay", async () => {
    const projectId = org.project.id;
    const ages = [1, 29, 31, 45, 200];
    await h.db.insert(metricPoints).values(ages.map((d) => ({ projectId, metric: "queue_depth", timestamp: daysAgo(d), value: d })));
    await h.db.insert(apiCallsLog).values(ages.map((d) => ({ projectId, provider: "local", model: "m", latencyMs: 1, outcome: "ok" as const, createdAt: daysAgo(d) })));
    await h.db.insert(spectrumEngagementEvents).values(ages.map((d) => ({ projectId, userId: `u-${d}`, kind: "page_view" as const, occurredAt: daysAgo(d) })));
    await h.db.insert(traces).values(ages.map((d) => ({ projectId, id: `tr-${d}`, name: "t", timestamp: daysAgo(d) })));
    await h.db.insert(personalizationInteractions).values(ages.map((d) => ({ projectId, id: `ix-${d}`, userId: "u", itemId: "i", type: "play" as const, occurredAt: daysAgo(d) })));
    await h.db.insert(metricRollups).values({ projectId, metric: "queue_depth", granularity: "day", bucketStart: daysAgo(200), count: 1, value: 200 });
    // A batch size of 2 makes every table take several statements.
    const [mine] = (await enforceRetention(h.db, now, 2)).filter((r) => r.projectId === projectId);
    expect(mine.deleted).toMatchObject({ metric_points: 3, api_calls_log: 3, spectrum_engagement_events: 3, personalization_interactions: 3 });
    expect(mine.tracesDeleted).toBe(3);
    const left = async (table: typeof metricPoints | typeof apiCallsLog | typeof spectrumEngagementEvents | typeof traces | typeof personalizationInteractions) =>
      (await h.db.select().from(table).where(eq(table.projectId, projectId))).length;
    expect([await left(metricPoints), await left(apiCallsLog), await left(spectrumEngagementEvents), await left(traces), await left(personalizationInteractions)]).toEqual([2, 2, 2, 2, 2]);
    expect(await h.db.select().from(metricRollups).where(eq(metricRollups.projectId, projectId))).toHaveLength(1);
    // Nothing left past the cut-off: a second run deletes nothing.
    const [again] = (await enforceRetention(h.db, now, 2)).filter((r) => r.projectId === projectId);
    expect(Object.values(again.deleted).every((n) => n === 0) && again.tracesDeleted === 0).toBe(true);
  });
});
