// The event catalog and the job list agree, and sending through lib/jobs validates payloads before writing anything.
import { expect, test } from "vitest";
import { createTestDb } from "./support/db";
import { jobRuns } from "@/db/schema";
import { allJobs } from "@/inngest/functions";
import { eventTriggers } from "@/lib/jobs/define";
import { jobEvents, manuallyTriggered, MONITORING_ROLLUPS_REQUESTED } from "@/lib/jobs/catalog";
import { sendJobEvent } from "@/lib/jobs/dispatch";

test("every job listens only to catalogued events, and every catalogued event starts exactly one job", () => {
  const listened = allJobs.flatMap(eventTriggers);
  expect(listened.filter((name) => !(name in jobEvents))).toEqual([]);
  for (const name of Object.keys(jobEvents)) expect(listened.filter((n) => n === name), name).toHaveLength(1);
  expect(manuallyTriggered.every((name) => listened.includes(name))).toBe(true);
});

test("a send whose payload does not fit its event is refused, naming the field, and writes no run", async () => {
  const h = await createTestDb();
  try {
    const projectId = "5b0c6f7e-2a55-4c1e-9a43-0d6d3c1f7a10";
    await expect(sendJobEvent(h.db, MONITORING_ROLLUPS_REQUESTED, { projectId, from: "yesterday-ish" }, { id: "bad" })).rejects.toThrow(
      "job event prism/monitoring.rollups.requested: payload.from: must be an ISO-8601 date",
    );
    await expect(sendJobEvent(h.db, MONITORING_ROLLUPS_REQUESTED, { projectId: "not-a-project" }, { id: "bad-2" })).rejects.toThrow("payload.projectId");
    expect(await h.db.select().from(jobRuns)).toEqual([]);
    await sendJobEvent(h.db, MONITORING_ROLLUPS_REQUESTED, { projectId, from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }, { id: "good" });
    expect((await h.db.select().from(jobRuns)).map((r) => [r.functionId, r.projectId])).toEqual([["monitoring-rollups", projectId]]);
  } finally {
    await h.close();
  }
});
