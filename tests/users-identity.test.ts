// Identity (issue 13): the identify item (traits, traitsOnce, masking, history), users created on first sight from
// events/traces/sessions/exposures, and the experiment breakdown by the plan a user had when exposed.
import { describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { twoVariantExperiment } from "./support/experiments";
import { endUsers, endUserTraitChanges } from "@/db/schema";
import { bucketedVariant } from "@/lib/experiments/expose";
import * as ingest from "@/app/api/v1/ingest/route";
import * as assign from "@/app/api/v1/experiments/[key]/assign/route";
import { changeStatus } from "@/lib/experiments/store/experiments";
import { computeExperimentResults } from "@/lib/experiments/results";
import { metricSummariesByCohort } from "@/lib/experiments/store/metric-query";
import { metricDefinitionSchema, metricPresets } from "@/lib/experiments/definition";

const t = seededDatabase();
const post = (batch: unknown[]) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: { batch } });
const user = async (userId: string) =>
  (await t.h.db.select().from(endUsers).where(and(eq(endUsers.projectId, t.org.project.id), eq(endUsers.userId, userId))))[0];
const history = (userId: string) =>
  t.h.db.select().from(endUserTraitChanges).where(and(eq(endUserTraitChanges.projectId, t.org.project.id), eq(endUserTraitChanges.userId, userId)));
const identify = (id: string, timestamp: string, body: Record<string, unknown>) => ({ id, type: "identify", timestamp, body });

describe("identify", () => {
  test("traits overwrite, traitsOnce fill only what is absent, free-form traits go to properties, email is masked", async () => {
    const first = await post([
      identify("i1", "2026-10-01T10:00:00Z", {
        userId: "ann",
        traits: { plan: "free", country: "DE", email: "ann@example.com", company: "Acme", seats: 3, beta: true },
        traitsOnce: { signupAt: "2026-09-30T08:00:00Z", referrer: "ads" },
      }),
    ]);
    expect(first.status).toBe(207);
    expect(first.json.errors).toEqual([]);
    const second = await post([
      identify("i2", "2026-10-05T10:00:00Z", { userId: "ann", traits: { plan: "pro", seats: 5 }, traitsOnce: { signupAt: "2026-10-04T00:00:00Z", referrer: "blog", team: "core" } }),
    ]);
    expect(second.json.errors).toEqual([]);
    const ann = await user("ann");
    expect(ann).toMatchObject({ plan: "pro", country: "DE", email: "[EMAIL]" });
    // signupAt and referrer were already set: traitsOnce leaves them; team was absent: set.
    expect(ann.signupAt?.toISOString()).toBe("2026-09-30T08:00:00.000Z");
    expect(ann.properties).toEqual({ company: "Acme", seats: 5, beta: true, referrer: "ads", team: "core" });
    expect(ann.firstSeenAt?.toISOString()).toBe("2026-10-01T10:00:00.000Z");
    expect(ann.lastSeenAt?.toISOString()).toBe("2026-10-05T10:00:00.000Z");
    const plan = (await history("ann")).filter((h) => h.trait === "plan").sort((a, b) => +a.validFrom - +b.validFrom);
    expect(plan.map((h) => [h.oldValue, h.newValue, h.validFrom.toISOString()])).toEqual([
      [null, "free", "2026-10-01T10:00:00.000Z"],
      ["free", "pro", "2026-10-05T10:00:00.000Z"],
    ]);
  });

  test("a replayed identify changes nothing; an older one arriving late only joins the history", async () => {
    await post([identify("r1", "2026-10-01T00:00:00Z", { userId: "bob", traits: { plan: "team" } })]);
    const before = (await history("bob")).length;
    const replay = await post([identify("r1", "2026-10-01T00:00:00Z", { userId: "bob", traits: { plan: "free" } })]);
    expect(replay.json.successes).toEqual([{ id: "r1" }]);
    expect((await user("bob")).plan).toBe("team");
    expect(await history("bob")).toHaveLength(before);
    await post([identify("r0", "2026-09-01T00:00:00Z", { userId: "bob", traits: { plan: "free" } })]);
    expect((await user("bob")).plan).toBe("team");
    expect((await user("bob")).firstSeenAt?.toISOString()).toBe("2026-09-01T00:00:00.000Z");
    expect((await history("bob")).map((h) => h.newValue).sort()).toEqual(["free", "team"]);
  });

  test("bad items get a 400 naming the field, and nothing of them is stored", async () => {
    const res = await post([
      identify("bad1", "2026-10-01T00:00:00Z", { traits: { plan: "pro" } }),
      identify("bad2", "2026-10-01T00:00:00Z", { userId: "carl", traits: { signupAt: "not a date" } }),
      identify("bad3", "2026-10-01T00:00:00Z", { userId: "carl", traits: { nested: { a: 1 } } }),
      identify("bad4", "2026-10-01T00:00:00Z", { userId: "carl" }),
      identify("bad5", "2026-10-01T00:00:00Z", { userId: "carl", traits: { plan: 7 } }),
    ]);
    expect(res.json.successes).toEqual([]);
    expect(res.json.errors.map((e: { id: string; status: number; message: string }) => [e.id, e.status, e.message.split(":")[0]])).toEqual([
      ["bad1", 400, "body.userId"],
      ["bad2", 400, "body.traits.signupAt"],
      ["bad3", 400, "body.traits.nested"],
      ["bad4", 400, "body.traits"],
      ["bad5", 400, "body.traits.plan"],
    ]);
    expect(await user("carl")).toBeUndefined();
  });
});

describe("users on first sight", () => {
  test("events, traces, sessions and exposures create the user with first/last seen; traits stay unknown", async () => {
    const res = await post([
      { id: "ev1", type: "event", timestamp: "2026-10-10T12:00:00Z", body: { name: "message_sent", userId: "dora" } },
      { id: "ev2", type: "event", timestamp: "2026-10-10T12:00:00Z", body: { name: "message_sent", userId: "dora", timestamp: "2026-10-08T09:00:00Z" } },
      { id: "tr1", type: "trace-create", timestamp: "2026-10-12T12:00:00Z", body: { name: "chat", userId: "dora" } },
      { id: "ss1", type: "session", timestamp: "2026-10-11T12:00:00Z", body: { userId: "eve" } },
    ]);
    expect(res.json.errors).toEqual([]);
    const dora = await user("dora");
    expect(dora).toMatchObject({ plan: null, signupAt: null, country: null, email: null, properties: {} });
    expect(dora.firstSeenAt?.toISOString()).toBe("2026-10-08T09:00:00.000Z");
    expect(dora.lastSeenAt?.toISOString()).toBe("2026-10-12T12:00:00.000Z");
    expect((await user("eve")).firstSeenAt?.toISOString()).toBe("2026-10-11T12:00:00.000Z");
    // A later batch widens last seen only.
    await post([{ id: "ev3", type: "event", timestamp: "2026-10-20T00:00:00Z", body: { name: "x", userId: "dora" } }]);
    const later = await user("dora");
    expect(later.firstSeenAt?.toISOString()).toBe("2026-10-08T09:00:00.000Z");
    expect(later.lastSeenAt?.toISOString()).toBe("2026-10-20T00:00:00.000Z");
  });
});

describe("users on first sight through /assign", () => {
  test("a first exposure logged by /assign creates the user", async () => {
    await twoVariantExperiment(t.h.db, t.org, "assign-sight", ["thumbs_up_rate"]);
    const actor = { userId: t.org.users.admin.id, email: t.org.users.admin.email, orgId: t.org.org.id, projectId: t.org.project.id };
    await changeStatus(t.h.db, actor, "assign-sight", "start");
    const res = await call(assign.POST, "/api/v1/experiments/assign-sight/assign", { method: "POST", headers: bearer(t.org.apiKey.secretKey), params: { key: "assign-sight" }, body: { userId: "fay" } });
    expect(res.json.exposureLogged).toBe(true);
    const fay = await user("fay");
    expect(fay.firstSeenAt).not.toBeNull();
    expect(fay.plan).toBeNull();
  });
});

describe("experiment breakdown by plan at the time of exposure", () => {
  test("a user upgraded after exposure stays in the old plan's breakdown; one upgraded before is in the new plan", async () => {
    const experiment = await twoVariantExperiment(t.h.db, t.org, "plan-at-exposure", ["thumbs_up_rate"]);
    const actor = { userId: t.org.users.admin.id, email: t.org.users.admin.email, orgId: t.org.org.id, projectId: t.org.project.id };
    const running = await changeStatus(t.h.db, actor, "plan-at-exposure", "start", new Date("2026-11-01T00:00:00Z"));
    const users = ["late-upgrader", "early-upgrader", "stays-free"];
    const batch: unknown[] = users.map((u) => identify(`p-${u}`, "2026-11-01T00:00:00Z", { userId: u, traits: { plan: "free" } }));
    batch.push(identify("up-early", "2026-11-01T12:00:00Z", { userId: "early-upgrader", traits: { plan: "pro" } }));
    users.forEach((u, i) => {
      const variant = bucketedVariant(running, u).variant!.key;
      batch.push({ id: `x-${u}`, type: "exposure", timestamp: "2026-11-02T00:00:00Z", body: { experimentKey: "plan-at-exposure", userId: u, variantKey: variant } });
      batch.push({ id: `f-${u}`, type: "event", timestamp: `2026-11-02T0${i + 1}:00:00Z`, body: { name: "feedback", userId: u, properties: { thumbs: "up" } } });
    });
    expect((await post(batch)).json.errors).toEqual([]);
    const cohortsOf = async () => {
      const snapshot = await computeExperimentResults(t.h.db, t.org.project.id, experiment.id, { now: new Date("2026-11-03T00:00:00Z") });
      const thumbs = snapshot.metrics.find((m) => m.metricKey === "thumbs_up_rate")!;
      return Object.fromEntries(thumbs.cohorts!.map((c) => [c.cohort, c.summaries.reduce((n, s) => n + s.n, 0)]));
    };
    expect(await cohortsOf()).toEqual({ free: 2, pro: 1 });
    // The late upgrade (after exposure) changes the current plan, not the breakdown (incremental and full paths).
    await post([identify("up-late", "2026-11-02T12:00:00Z", { userId: "late-upgrader", traits: { plan: "pro" } })]);
    expect((await user("late-upgrader")).plan).toBe("pro");
    expect(await cohortsOf()).toEqual({ free: 2, pro: 1 });
    const full = await metricSummariesByCohort(t.h.db, t.org.project.id, experiment.id, [metricDefinitionSchema.parse(metricPresets.thumbs_up_rate)], new Date("2026-11-03T00:00:00Z"));
    const [split] = [...full.cohorts.values()];
    expect(Object.fromEntries(split.map((c) => [c.cohort, c.summaries.reduce((n, s) => n + s.n, 0)]))).toEqual({ free: 2, pro: 1 });
  });
});
