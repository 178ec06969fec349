// Saved cohorts through their real route handlers on a real database: every definition node type on a hand-built
// population, nesting, cycle refusal, 400s naming the bad node, access, paging, and refresh after new events.
import { beforeAll, describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { cohortMembers, cohortSizes, endUsers, events, experimentExposures, experiments, jobRuns } from "@/db/schema";
import * as cohortsRoute from "@/app/api/v1/cohorts/route";
import * as cohortRoute from "@/app/api/v1/cohorts/[id]/route";
import * as membersRoute from "@/app/api/v1/cohorts/[id]/members/route";
import * as refreshRoute from "@/app/api/v1/cohorts/[id]/refresh/route";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { cohortsRefresh, COHORTS_REFRESH_REQUESTED } from "@/inngest/functions/cohorts-refresh";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";

const t = seededDatabase();
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const key = () => bearer(t.org.apiKey.secretKey);

beforeAll(async () => {
  const p = t.org.project.id;
  await t.h.db.insert(endUsers).values([
    { projectId: p, userId: "u1", plan: "pro", country: "DE", signupAt: new Date("2026-01-10T00:00:00Z"), properties: { seats: 10, beta: true, company: "Acme Corp" } },
    { projectId: p, userId: "u2", plan: "free", country: "US", signupAt: new Date("2026-03-01T00:00:00Z"), properties: { seats: 2 } },
    { projectId: p, userId: "u3", plan: "team", country: null, signupAt: new Date("2026-05-01T00:00:00Z"), properties: { company: "Globex" } },
    { projectId: p, userId: "u4", plan: "free", country: "DE", signupAt: new Date("2026-06-01T00:00:00Z"), properties: {} },
    { projectId: p, userId: "u5", plan: "pro", country: "FR", signupAt: new Date("2026-02-01T00:00:00Z"), properties: { seats: "many" } },
  ]);
  const ev = (id: string, userId: string, name: string, at: Date, properties: Record<string, unknown> = {}) => ({ projectId: p, id, userId, name, timestamp: at, properties });
  await t.h.db.insert(events).values([
    ev("e1", "u1", "message_sent", ago(1), { model: "gpt" }),
    ev("e2", "u1", "message_sent", ago(2), { model: "gpt" }),
    ev("e3", "u1", "message_sent", ago(3), { model: "claude" }),
    ev("e4", "u2", "message_sent", ago(2)),
    ...[1, 2, 3, 4, 5].map((i) => ev(`e5${i}`, "u2", "message_sent", ago(20))),
    ...[1, 2, 3].map((i) => ev(`e6${i}`, "u3", "message_sent", ago(30))),
    ev("e7", "u4", "login", ago(1)),
  ]);
  const [exp] = await t.h.db
    .insert(experiments)
    .values({ projectId: p, key: "onboarding", name: "Onboarding", variants: [], seed: "s", goalMetrics: [] })
    .returning();
  await t.h.db.insert(experimentExposures).values([
    { projectId: p, experimentId: exp.id, userId: "u1", variantKey: "A", firstExposedAt: ago(5) },
    { projectId: p, experimentId: exp.id, userId: "u2", variantKey: "B", firstExposedAt: ago(5) },
  ]);
});

async function create(definition: unknown, name = "c") {
  const res = await call(cohortsRoute.POST, "/api/v1/cohorts", { method: "POST", headers: key(), body: { name, definition } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json.id as string;
}

async function refresh(id: string) {
  const res = await call(refreshRoute.POST, `/api/v1/cohorts/${id}/refresh`, { method: "POST", headers: key(), params: { id } });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as { size: number; added: number; removed: number };
}

async function members(id: string): Promise<string[]> {
  const res = await call(membersRoute.GET, `/api/v1/cohorts/${id}/members?limit=1000`, { headers: key(), params: { id } });
  expect(res.status).toBe(200);
  return res.json.data;
}

async function membersOf(definition: unknown) {
  const id = await create(definition);
  const { size } = await refresh(id);
  const list = await members(id);
  expect(list).toHaveLength(size);
  return list;
}

describe("definition nodes (hand-computed members)", () => {
  test.each([
    [{ trait: "plan", op: "eq", value: "pro" }, ["u1", "u5"]],
    [{ trait: "plan", op: "neq", value: "pro" }, ["u2", "u3", "u4"]],
    [{ trait: "plan", op: "in", value: ["team", "free"] }, ["u2", "u3", "u4"]],
    // Unset counts as "not in the list".
    [{ trait: "country", op: "notIn", value: ["DE"] }, ["u2", "u3", "u5"]],
    // A non-numeric value is not greater than anything (and is no error).
    [{ trait: "seats", op: "gt", value: 5 }, ["u1"]],
    [{ trait: "seats", op: "lte", value: 2 }, ["u2"]],
    [{ trait: "company", op: "contains", value: "acme" }, ["u1"]],
    [{ trait: "country", op: "set" }, ["u1", "u2", "u4", "u5"]],
    [{ trait: "country", op: "notSet" }, ["u3"]],
    [{ trait: "beta", op: "eq", value: true }, ["u1"]],
    [{ trait: "signupAt", op: "gte", value: "2026-03-01T00:00:00Z" }, ["u2", "u3", "u4"]],
    [{ trait: "signupAt", op: "lt", value: "2026-02-01" }, ["u1"]],
    [{ event: "message_sent", withinDays: 7 }, ["u1", "u2"]],
    [{ event: "message_sent", count: { op: "gte", value: 3 }, withinDays: 7 }, ["u1"]],
    [{ event: "message_sent", count: { op: "gte", value: 3 } }, ["u1", "u2", "u3"]],
    [{ event: "message_sent", count: { op: "eq", value: 6 } }, ["u2"]],
    // "At most once in 7 days" includes the users who never did it.
    [{ event: "message_sent", count: { op: "lte", value: 1 }, withinDays: 7 }, ["u2", "u3", "u4", "u5"]],
    [{ event: "message_sent", count: { op: "eq", value: 0 }, withinDays: 7 }, ["u3", "u4", "u5"]],
    [{ event: "message_sent", withinDays: 7, properties: { model: "gpt" } }, ["u1"]],
    [{ experiment: "onboarding" }, ["u1", "u2"]],
    [{ experiment: "onboarding", variant: "B" }, ["u2"]],
    [{ static: ["u9", "u1", "u1"] }, ["u1", "u9"]],
    [{ all: [{ trait: "plan", op: "eq", value: "pro" }, { event: "message_sent", withinDays: 7 }] }, ["u1"]],
    [{ any: [{ trait: "plan", op: "eq", value: "team" }, { static: ["u4"] }] }, ["u3", "u4"]],
    [{ not: { trait: "plan", op: "eq", value: "free" } }, ["u1", "u3", "u5"]],
    [{ all: [{ not: { event: "message_sent" } }, { any: [{ trait: "country", op: "eq", value: "DE" }, { static: ["u5"] }] }] }, ["u4", "u5"]],
  ])("%j", async (definition, expected) => {
    expect(await membersOf(definition)).toEqual(expected);
  });

  test("a nested cohort is its own definition, inlined; editing the inner one changes the outer", async () => {
    const pro = await create({ trait: "plan", op: "eq", value: "pro" }, "Pro");
    const proInFrance = await create({ all: [{ cohort: pro }, { trait: "country", op: "eq", value: "FR" }] }, "Pro in France");
    await refresh(proInFrance);
    expect(await members(proInFrance)).toEqual(["u5"]);
    const patched = await call(cohortRoute.PATCH, "/x", { method: "PATCH", headers: key(), params: { id: pro }, body: { definition: { trait: "plan", op: "in", value: ["pro", "free"] } } });
    expect(patched.status).toBe(200);
    await refresh(proInFrance);
    expect(await members(proInFrance)).toEqual(["u5"]);
    const german = await create({ all: [{ cohort: pro }, { trait: "country", op: "eq", value: "DE" }] }, "German");
    expect(await membersOf({ cohort: german })).toEqual(["u1", "u4"]);
  });
});

describe("validation", () => {
  test("a bad node is a 400 naming its path, and nothing is saved", async () => {
    const before = (await call(cohortsRoute.GET, "/api/v1/cohorts", { headers: key() })).json.data.length;
    const cases: [unknown, string][] = [
      [{ all: [{ trait: "plan", op: "eq", value: "pro" }, { trait: "plan", op: "bogus", value: 1 }] }, "definition.all.1.op"],
      [{ any: [{ not: { event: "x", count: { op: "gte", value: -1 } } }] }, "definition.any.0.not.count.value"],
      [{ all: [] }, "definition.all"],
      [{ trait: "plan", op: "in", value: "pro" }, "definition.value"],
      [{ trait: "plan", op: "set", value: "x" }, "definition.value"],
      [{ any: [{ static: ["u1"] }, { banana: 1 }] }, "definition.any.1"],
      [{ experiment: "k", extra: true }, "definition"],
      [{ cohort: "not-a-uuid" }, "definition.cohort"],
    ];
    for (const [definition, path] of cases) {
      const res = await call(cohortsRoute.POST, "/api/v1/cohorts", { method: "POST", headers: key(), body: { name: "bad", definition } });
      expect(res.status, JSON.stringify(definition)).toBe(400);
      expect(res.json.error.message.startsWith(`${path}:`), res.json.error.message).toBe(true);
    }
    expect((await call(cohortsRoute.GET, "/api/v1/cohorts", { headers: key() })).json.data.length).toBe(before);
  });

  test("a cycle through nested cohorts, a self-reference and a missing cohort are refused", async () => {
    const a = await create({ trait: "plan", op: "eq", value: "pro" }, "A");
    const b = await create({ any: [{ cohort: a }, { static: ["u3"] }] }, "B");
    const c = await create({ not: { cohort: b } }, "C");
    const cycle = await call(cohortRoute.PATCH, "/x", { method: "PATCH", headers: key(), params: { id: a }, body: { definition: { all: [{ trait: "country", op: "set" }, { cohort: c }] } } });
    expect(cycle.status).toBe(400);
    expect(cycle.json.error.message).toMatch(/^definition\.all\.1\.cohort: .*cycle/);
    const self = await call(cohortRoute.PATCH, "/x", { method: "PATCH", headers: key(), params: { id: a }, body: { definition: { cohort: a } } });
    expect(self.status).toBe(400);
    const missing = await call(cohortsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: "m", definition: { cohort: "00000000-0000-4000-8000-000000000000" } } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toMatch(/^definition\.cohort: no cohort/);
    const stored = await call(cohortRoute.GET, "/x", { headers: key(), params: { id: a } });
    expect(stored.json.definition).toEqual({ trait: "plan", op: "eq", value: "pro" });
    // A nested cohort cannot be deleted from under its user.
    expect((await call(cohortRoute.DELETE, "/x", { method: "DELETE", headers: key(), params: { id: a } })).status).toBe(409);
    expect((await call(cohortRoute.DELETE, "/x", { method: "DELETE", headers: key(), params: { id: c } })).status).toBe(204);
    expect((await call(cohortRoute.GET, "/x", { headers: key(), params: { id: c } })).status).toBe(404);
  });
});

describe("access and paging", () => {
  test("viewers read, analysts write, other projects' keys see nothing", async () => {
    const { users } = t.org;
    const made = await call(cohortsRoute.POST, "/x", { method: "POST", as: users.analyst.id, body: { name: "By analyst", definition: { static: ["u1"] } } });
    expect(made.status).toBe(201);
    expect((await call(cohortsRoute.POST, "/x", { method: "POST", as: users.viewer.id, body: { name: "v", definition: { static: ["u1"] } } })).status).toBe(403);
    const listed = await call(cohortsRoute.GET, "/x", { as: users.viewer.id });
    expect(listed.json.data.map((c: { name: string }) => c.name)).toContain("By analyst");
    expect((await call(cohortRoute.GET, "/x", { as: users.viewer.id, params: { id: made.json.id } })).status).toBe(200);
  });

  test("members page through a cursor; size and size history follow refreshes", async () => {
    const id = await create({ trait: "plan", op: "neq", value: "team" });
    expect(await refresh(id)).toMatchObject({ size: 4, added: 4, removed: 0 });
    expect(await refresh(id)).toMatchObject({ size: 4, added: 0, removed: 0 });
    const first = await call(membersRoute.GET, `/x?limit=3`, { headers: key(), params: { id } });
    expect(first.json.data).toEqual(["u1", "u2", "u4"]);
    const second = await call(membersRoute.GET, `/x?limit=3&cursor=${first.json.nextCursor}`, { headers: key(), params: { id } });
    expect(second.json).toEqual({ data: ["u5"], nextCursor: null });
    const detail = await call(cohortRoute.GET, "/x", { headers: key(), params: { id } });
    expect(detail.json.size).toBe(4);
    expect(detail.json.sizeHistory.map((h: { size: number }) => h.size)).toEqual([4]);
  });
});

describe("membership job", () => {
  test("an edit queues a refresh; a new event is picked up by the minute pass; reruns change nothing", async () => {
    const p = t.org.project.id;
    const id = await create({ event: "upgrade_clicked", withinDays: 1 }, "Upgraders");
    const runner = new EmbeddedRunner(t.h.db, [cohortsRefresh], { log: () => {} });
    await runner.drain();
    const queued = await t.h.db.select().from(jobRuns).where(eq(jobRuns.functionId, "cohorts-refresh"));
    expect(queued.some((r) => (r.payload as { cohortId?: string }).cohortId === id && r.status === "succeeded")).toBe(true);
    expect((await call(cohortRoute.GET, "/x", { headers: key(), params: { id } })).json.size).toBe(0);

    await t.h.db.insert(events).values({ projectId: p, id: "upgrade-1", userId: "u4", name: "upgrade_clicked", timestamp: new Date() });
    const minute = new Date(Date.now() + 60_000);
    await runner.send({ name: COHORTS_REFRESH_REQUESTED, data: { projectId: p, now: minute.toISOString() }, id: "minute-1" });
    await runner.drain();
    expect(await members(id)).toEqual(["u4"]);
    await runner.send({ name: COHORTS_REFRESH_REQUESTED, data: { projectId: p, now: minute.toISOString() }, id: "minute-2" });
    await runner.drain();
    const history = await t.h.db.select().from(cohortSizes).where(and(eq(cohortSizes.projectId, p), eq(cohortSizes.cohortId, id)));
    expect(history.map((h) => h.size).sort()).toEqual([0, 1]);
  });

  test("erasing an end user removes them from every cohort, uploaded lists included, for good", async () => {
    const p = t.org.project.id;
    const id = await create({ any: [{ static: ["gone", "u2"] }, { static: ["gone"] }] });
    expect((await refresh(id)).size).toBe(2);
    await deleteEndUser(t.h.db, p, "gone");
    expect(await t.h.db.select().from(cohortMembers).where(and(eq(cohortMembers.projectId, p), eq(cohortMembers.userId, "gone")))).toEqual([]);
    expect((await call(cohortRoute.GET, "/x", { headers: key(), params: { id } })).json.definition).toEqual({ any: [{ static: ["u2"] }, { static: [] }] });
    expect((await refresh(id)).size).toBe(1);
    expect(await members(id)).toEqual(["u2"]);
  });
});
