import { describe, expect, test } from "vitest";
import { and, eq, like } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { auditLog, experimentExposures, jobRuns } from "@/db/schema";
import * as list from "@/app/api/v1/experiments/route";
import * as one from "@/app/api/v1/experiments/[key]/route";
import * as status from "@/app/api/v1/experiments/[key]/status/route";
import * as assign from "@/app/api/v1/experiments/[key]/assign/route";
import * as results from "@/app/api/v1/experiments/[key]/results/route";
import * as analyze from "@/app/api/v1/stats/analyze/route";
import { getCacheStore } from "@/lib/cache/store";
import { ASSIGN_RATE_LIMIT } from "@/lib/experiments/expose";
import { insertApiKey } from "@/lib/tenancy/api-keys";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);

const promptTest = {
  key: "prompt-v2",
  name: "Prompt v2",
  hypothesis: "v2 gets more thumbs-up",
  variants: [
    { key: "control", weight: 0.5, parameters: { prompt: "assistant/v1" } },
    { key: "v2", weight: 0.5, parameters: { prompt: "assistant/v2" } },
  ],
  goalMetrics: ["thumbs_up_rate"],
  guardrails: [{ metric: "error_rate", threshold: 0.1 }],
  targeting: { plan: ["pro", "team"] },
};

const assignAs = (experimentKey: string, body: unknown) =>
  call(assign.POST, `/api/v1/experiments/${experimentKey}/assign`, { method: "POST", headers: key(), params: { key: experimentKey }, body });

/** A copy of promptTest under its own key, created by the analyst (and started when asked): each test owns its experiment. */
async function experiment(experimentKey: string, { start = false } = {}): Promise<{ id: string; key: string }> {
  const created = await call(list.POST, "/api/v1/experiments", { method: "POST", as: t.org.users.analyst.id, body: { ...promptTest, key: experimentKey } });
  expect(created.status).toBe(201);
  if (start) {
    const started = await call(status.POST, "/x", { method: "POST", as: t.org.users.analyst.id, params: { key: experimentKey }, body: { action: "start" } });
    expect(started.status).toBe(200);
  }
  return created.json.experiment;
}
const exposuresOf = (experimentId: string) => t.h.db.select().from(experimentExposures).where(eq(experimentExposures.experimentId, experimentId));

describe("experiment lifecycle", () => {
  test("an analyst creates an experiment; viewers read but cannot write; the change is audited", async () => {
    const org = await seedOrg(t.h.db); // an org of its own: the list and the audit log hold only what this test did
    const created = await call(list.POST, "/api/v1/experiments", { method: "POST", as: org.users.analyst.id, body: promptTest });
    expect(created.status).toBe(201);
    expect(created.json.experiment).toMatchObject({ key: "prompt-v2", status: "draft", seed: "prompt-v2", coverage: 1 });
    expect(created.json.experiment.goalMetrics[0]).toMatchObject({ key: "thumbs_up_rate", type: "ratio" });

    const denied = await call(list.POST, "/api/v1/experiments", { method: "POST", as: org.users.viewer.id, body: { ...promptTest, key: "other" } });
    expect(denied.status).toBe(403);
    const listed = await call(list.GET, "/api/v1/experiments", { as: org.users.viewer.id });
    expect(listed.json.experiments.map((e: { key: string }) => e.key)).toEqual(["prompt-v2"]);

    const dup = await call(list.POST, "/x", { method: "POST", as: org.users.admin.id, body: promptTest });
    expect(dup.status).toBe(409);
    const audit = await t.h.db.select().from(auditLog).where(and(eq(auditLog.orgId, org.org.id), eq(auditLog.action, "experiment.created")));
    expect(audit).toHaveLength(1);
  });

  test("invalid definitions get a 400 naming the field", async () => {
    const weights = await call(list.POST, "/x", {
      method: "POST",
      as: t.org.users.admin.id,
      body: { ...promptTest, key: "bad", variants: [{ key: "a", weight: 0.5 }, { key: "b", weight: 0.2 }] },
    });
    expect(weights.status).toBe(400);
    expect(weights.json.error.message).toMatch(/^variants: variant weights must sum to 1/);
    const metric = await call(list.POST, "/x", { method: "POST", as: t.org.users.admin.id, body: { ...promptTest, key: "bad", goalMetrics: ["nope"] } });
    expect(metric.status).toBe(400);
    expect(metric.json.error.message).toMatch(/^goalMetrics\.0/);
    const badKey = await call(list.POST, "/x", { method: "POST", as: t.org.users.admin.id, body: { ...promptTest, key: "Bad Key" } });
    expect(badKey.json.error.message).toMatch(/^key:/);
  });

  test("a draft experiment refuses assignment and logs no exposure", async () => {
    const draft = await experiment("draft-exp");
    const res = await assignAs("draft-exp", { userId: "user-1", attributes: { plan: "pro" } });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/draft/);
    expect(await exposuresOf(draft.id)).toHaveLength(0);
    const missing = await assignAs("no-such", { userId: "user-1" });
    expect(missing.status).toBe(404);
  });

  test("start, then assign: variant and parameters; the exposure is logged once however often the user is assigned", async () => {
    const exp = await experiment("start-exp");
    const started = await call(status.POST, "/x", { method: "POST", as: t.org.users.analyst.id, params: { key: "start-exp" }, body: { action: "start" } });
    expect(started.status).toBe(200);
    expect(started.json.experiment.status).toBe("running");
    expect(Date.parse(started.json.experiment.startedAt)).not.toBeNaN();

    const first = await assignAs("start-exp", { userId: "user-1", attributes: { plan: "pro" } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ experimentKey: "start-exp", inExperiment: true, reason: "assigned", exposureLogged: true });
    expect(["control", "v2"]).toContain(first.json.variant.key);
    expect(first.json.variant.parameters.prompt).toMatch(/^assistant\/v[12]$/);
    const again = await assignAs("start-exp", { userId: "user-1", attributes: { plan: "pro" } });
    expect(again.json.variant).toEqual(first.json.variant);
    expect(again.json.exposureLogged).toBe(false);
    const rows = (await exposuresOf(exp.id)).filter((r) => r.userId === "user-1");
    expect(rows).toHaveLength(1);
    expect(rows[0].variantKey).toBe(first.json.variant.key);

    // Concurrent calls share one batched insert; each response comes back only once its row is committed, and
    // exactly one call per new user reports exposureLogged, even when the same user is in the batch twice.
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) => assignAs("start-exp", { userId: `burst-${i % 25}`, attributes: { plan: "pro" } })),
    );
    expect(burst.every((r) => r.status === 200)).toBe(true);
    expect(burst.filter((r) => r.json.exposureLogged)).toHaveLength(25);
    const landed = await t.h.db.select().from(experimentExposures).where(and(eq(experimentExposures.experimentId, exp.id), like(experimentExposures.userId, "burst-%")));
    expect(landed).toHaveLength(25);
    burst.forEach((r, i) => expect(landed.find((x) => x.userId === `burst-${i % 25}`)?.variantKey).toBe(r.json.variant.key));

    // Different users spread over both variants.
    const keys = new Set<string>();
    for (let i = 0; i < 30; i++) keys.add((await assignAs("start-exp", { userId: `u-${i}`, attributes: { plan: "team" } })).json.variant.key);
    expect([...keys].sort()).toEqual(["control", "v2"]);
  });

  test("targeting leaves non-matching users out; bad bodies are 400s; a dashboard session is not an API key", async () => {
    await experiment("targeting-exp", { start: true });
    const free = await assignAs("targeting-exp", { userId: "user-2", attributes: { plan: "free" } });
    expect(free.json).toMatchObject({ inExperiment: false, reason: "targeting", variant: null, exposureLogged: false });
    const bad = await assignAs("targeting-exp", { attributes: {} });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^userId:/);
    const session = await call(assign.POST, "/x", { method: "POST", as: t.org.users.owner.id, params: { key: "targeting-exp" }, body: { userId: "x" } });
    expect(session.status).toBe(401);
  });

  test("assignment fields are frozen once running; names and metrics can still change; pause/resume/stop are audited", async () => {
    await experiment("frozen-exp", { start: true });
    const frozen = await call(one.PATCH, "/x", {
      method: "PATCH",
      as: t.org.users.admin.id,
      params: { key: "frozen-exp" },
      body: { variants: [{ key: "a", weight: 0.9 }, { key: "b", weight: 0.1 }] },
    });
    expect(frozen.status).toBe(409);
    const renamed = await call(one.PATCH, "/x", { method: "PATCH", as: t.org.users.admin.id, params: { key: "frozen-exp" }, body: { name: "Prompt v2 (warm)", autoStop: true } });
    expect(renamed.status).toBe(200);
    expect(renamed.json.experiment).toMatchObject({ name: "Prompt v2 (warm)", autoStop: true });

    expect((await assignAs("frozen-exp", { userId: "user-1", attributes: { plan: "pro" } })).status).toBe(200);
    for (const action of ["pause", "resume", "stop"]) {
      const res = await call(status.POST, "/x", { method: "POST", as: t.org.users.analyst.id, params: { key: "frozen-exp" }, body: { action } });
      expect(res.status, action).toBe(200);
      // The assign path's cached definition is dropped on every status change, so a pause takes effect at once.
      const assigned = await assignAs("frozen-exp", { userId: "user-1", attributes: { plan: "pro" } });
      expect(assigned.status, `assign after ${action}`).toBe(action === "resume" ? 200 : 409);
    }
    const restart = await call(status.POST, "/x", { method: "POST", as: t.org.users.analyst.id, params: { key: "frozen-exp" }, body: { action: "start" } });
    expect(restart.status).toBe(409);
    const assignStopped = await assignAs("frozen-exp", { userId: "user-1" });
    expect(assignStopped.status).toBe(409);
    const audit = await t.h.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, t.org.org.id));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["experiment.started", "experiment.updated", "experiment.paused", "experiment.resumed", "experiment.stopped"]),
    );
  });

  test("results: none until computed; a refresh queues the results job; GET returns the experiment", async () => {
    await experiment("results-exp", { start: true });
    const before = await call(results.GET, "/x", { as: t.org.users.viewer.id, params: { key: "results-exp" } });
    expect(before.json.results).toBeNull();
    const refresh = await call(results.POST, "/x", { method: "POST", as: t.org.users.analyst.id, params: { key: "results-exp" } });
    expect(refresh.status).toBe(202);
    const queued = await t.h.db.select().from(jobRuns).where(eq(jobRuns.idempotencyKey, refresh.json.idempotencyKey));
    expect(queued).toHaveLength(1);
    expect(queued[0].functionId).toBe("experiment-results");
    const got = await call(one.GET, "/x", { as: t.org.users.viewer.id, params: { key: "results-exp" } });
    expect(got.json.experiment.key).toBe("results-exp");
    expect(got.json.breaches).toEqual([]);
  });
});

describe("POST /api/v1/stats/analyze", () => {
  test("returns lift, interval, p-value and SRM for valid summaries", async () => {
    const res = await call(analyze.POST, "/api/v1/stats/analyze", {
      method: "POST",
      headers: key(),
      body: {
        metricType: "binomial",
        variants: [
          { key: "control", n: 10000, sum: 1000 },
          { key: "treatment", n: 10000, sum: 1150 },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ engine: "frequentist", alpha: 0.05, control: { key: "control", n: 10000, mean: 0.1 } });
    const [treatment] = res.json.treatments;
    expect(treatment.lift).toBeCloseTo(0.15, 6);
    expect(treatment.pValue).toBeLessThan(0.01);
    expect(treatment.liftCI[0]).toBeGreaterThan(0);
    expect(res.json.srm).toEqual({ pValue: 1, flagged: false });
  });

  test("invalid input is a 400 whose message and details name the fields", async () => {
    const res = await call(analyze.POST, "/x", {
      method: "POST",
      headers: key(),
      body: { metricType: "mean", variants: [{ key: "a", n: 0, sum: 1 }, { key: "b", n: 5, sum: 2 }] },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect(res.json.error.message).toMatch(/^variants\.0\.n: n must be a positive integer/);
    const fields = res.json.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["variants.0.n", "variants.1.sumSquares"]));
    const engine = await call(analyze.POST, "/x", { method: "POST", headers: key(), body: { metricType: "binomial", engine: "magic", variants: [] } });
    expect(engine.json.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(["engine", "variants"]));
    const anonymous = await call(analyze.POST, "/x", { method: "POST", body: {} });
    expect(anonymous.status).toBe(401);
  });
});

describe("assign rate limit", () => {
  test("past the per-key limit assign answers 429 with Retry-After; another key is unaffected", async () => {
    const limited = await insertApiKey(t.h.db, t.org.project.id, "Limited key");
    const store = await getCacheStore();
    // Fill this key's window directly (6,000 real calls would only slow the suite down).
    for (let i = 0; i < ASSIGN_RATE_LIMIT.limit; i++) await store.hit(`rl:assign:${limited.id}`, ASSIGN_RATE_LIMIT.windowMs);
    const res = await call(assign.POST, "/x", {
      method: "POST",
      headers: bearer(limited.secretKey),
      params: { key: "prompt-v2" },
      body: { userId: "user-1" },
    });
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe("rate_limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const other = await assignAs("prompt-v2", { userId: "user-1" });
    expect(other.status).not.toBe(429);
  });
});
