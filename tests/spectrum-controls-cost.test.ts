// Why: an exclusion or reset must cost what the user's own history costs, and a person can only ask a few a minute (issue 12 #10).
import { expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { jobRuns } from "@/db/schema";
import { TEST_PASSWORD, call, seededDatabase } from "./support/fixtures";
import { ensureMembership, ensureUser } from "@/lib/bootstrap/ensure";
import { seedSpectrumDemo } from "@/lib/demo/spectrum";
import { SPECTRUM_CONTROLS_LIMIT } from "@/lib/spectrum/store/user-api";
import * as meExclusions from "@/app/api/v1/spectrum/me/exclusions/route";
import * as meReset from "@/app/api/v1/spectrum/me/reset/route";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { userRecomputeKey } from "@/lib/spectrum/jobs";
import { spectrumUserRecompute } from "@/inngest/functions/spectrum-user-recompute";

const t = seededDatabase();

test("an exclusion reaching back to 1990 recomputes only the periods of the user's own data", async () => {
  await seedSpectrumDemo(t.h.db, t.org.project.id, new Date("2026-11-23T00:00:00Z"));
  const login = await ensureUser(t.h.db, "user_0001.login@example.test", TEST_PASSWORD);
  await ensureMembership(t.h.db, t.org.org.id, login.id, "member", "user_0001");

  const res = await call(meExclusions.POST, "/api/v1/spectrum/me/exclusions", {
    method: "POST",
    as: login.id,
    body: { from: "1990-01-01T00:00:00Z", to: "1990-02-01T00:00:00Z" },
  });
  expect(res.status).toBe(202);
  expect(res.json.recomputation).toBe("queued");
  // The request only queued the work; the job recomputes, once for this change.
  await new EmbeddedRunner(t.h.db, [spectrumUserRecompute], { log: () => {} }).drain();
  const key = userRecomputeKey({ projectId: t.org.project.id, userId: "user_0001", change: `exclusion-added:${res.json.id}` });
  const [run] = await t.h.db.select().from(jobRuns).where(eq(jobRuns.idempotencyKey, key));
  expect(run).toMatchObject({ status: "succeeded", projectId: t.org.project.id });
  // About three months of demo data: ~14 weeks and ~4 months (plus one after each), not 36 years of weeks.
  const periods = (run.result as { periods: number }).periods;
  expect(periods).toBeGreaterThan(0);
  expect(periods).toBeLessThanOrEqual(25);
});

test("exclusions and resets share a per-user limit: 429 with Retry-After past it", async () => {
  const member = t.org.users.member.id; // end_user_1, no sessions: each call is cheap
  for (let i = 0; i < SPECTRUM_CONTROLS_LIMIT.limit; i++) {
    const ok = await call(meExclusions.POST, "/x", { method: "POST", as: member, body: { from: `2026-0${1 + (i % 9)}-01T00:00:00Z`, to: "2026-10-01T00:00:00Z" } });
    expect(ok.status).toBe(202);
    expect(ok.json.recomputation).toBe("queued");
  }
  const limited = await call(meReset.POST, "/x", { method: "POST", as: member, body: {} });
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  // Bad input is refused before it counts against the limit.
  const bad = await call(meExclusions.POST, "/x", { method: "POST", as: member, body: { from: "soon" } });
  expect(bad.status).toBe(400);
});
