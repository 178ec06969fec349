// The profile job: requested by ingest (one run per project and minute), run by the embedded runner, idempotent.
import { expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { endUserProfiles, jobRuns } from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { userProfiles } from "@/inngest/functions/user-profiles";
import { USER_PROFILES_REQUESTED } from "@/lib/jobs/catalog";

const t = seededDatabase();

test("ingest requests a profile refresh that the job performs, and a second run changes nothing", async () => {
  const res = await call(ingest.POST, "/api/v1/ingest", {
    method: "POST",
    headers: bearer(t.org.apiKey.secretKey),
    body: { batch: [{ id: "t1", type: "trace-create", timestamp: "2026-11-09T10:00:00Z", body: { name: "chat", userId: "job-user", tags: ["detailed"], metadata: { persona: "coach" } } }] },
  });
  expect(res.json.errors).toEqual([]);
  const queued = await t.h.db.select().from(jobRuns).where(eq(jobRuns.functionId, "user-profiles"));
  expect(queued).toHaveLength(1);
  expect(queued[0].payload).toMatchObject({ projectId: t.org.project.id });

  const runner = new EmbeddedRunner(t.h.db, [userProfiles], { log: () => {} });
  await runner.drain();
  const profile = async () => (await t.h.db.select().from(endUserProfiles).where(and(eq(endUserProfiles.projectId, t.org.project.id), eq(endUserProfiles.userId, "job-user"))))[0];
  const first = await profile();
  expect(first).toMatchObject({ traceCount: 1, sessionCount: 0 });
  expect(first.profile).toMatchObject({ preferredPersona: { persona: "coach", basis: "usage" }, responseStyles: [{ value: "detailed", count: 1, share: 1 }] });

  await runner.send({ name: USER_PROFILES_REQUESTED, data: { projectId: t.org.project.id }, id: "again" });
  await runner.drain();
  const runs = await t.h.db.select().from(jobRuns).where(eq(jobRuns.functionId, "user-profiles"));
  expect(runs.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
  // Nothing was stale: the second run recomputed no one and left the profile as it was.
  expect(runs.map((r) => (r.result as { results: { users: number }[] }).results[0].users).sort()).toEqual([0, 1]);
  expect((await profile()).computedAt).toEqual(first.computedAt);
});
