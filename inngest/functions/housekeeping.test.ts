import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { InngestTestEngine } from "@inngest/test";
import { createTestDb } from "@/tests/db";
import { seedOrg, type SeededOrg } from "@/tests/fixtures";
import type { DbHandle } from "@/db/client";
import { events, jobRuns, projects } from "@/db/schema";
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
    const mine = (result as { retention: { projectId: string; eventsDeleted: number }[] }).retention.find(
      (r) => r.projectId === org.project.id,
    );
    expect(mine?.eventsDeleted).toBe(2);
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
});
