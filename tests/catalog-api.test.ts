// The event catalog through the real route handlers and database: YAML/JSON round trip, refusals that change
// nothing, access by role, ingest in warn and enforce modes (counters, per-item refusals naming the property), the
// Data quality report, and metric roles (a product whose message event is `chat.turn`) in the Overview and rollups.
import { describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg, type SeededOrg } from "./support/fixtures";
import { auditLog, eventQualityDaily, events, jobRuns } from "@/db/schema";
import * as catalogRoute from "@/app/api/v1/catalog/route";
import * as qualityRoute from "@/app/api/v1/catalog/quality/route";
import * as ingestRoute from "@/app/api/v1/ingest/route";
import * as experimentsRoute from "@/app/api/v1/experiments/route";
import { parseCatalogText } from "@/lib/catalog/document";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { monitoringRollups } from "@/inngest/functions/monitoring-rollups";
import { dailyActivityWithSource } from "@/lib/overview/summary";

const t = seededDatabase();
const DAY = 86_400_000;

const catalogYaml = (mode: string) => `
mode: ${mode}
events:
  - name: message_sent
    description: A user message answered by the assistant.
    owner: assistant-team
    samplingRate: 1
    role: message
    schema:
      type: object
      required: [latencyMs]
      properties:
        latencyMs: { type: number, minimum: 0 }
    alerts: { maxViolationRate: 0.1 }
  - name: feedback
    schema:
      type: object
      properties:
        thumbs: { enum: [up, down] }
`;

const put = (org: SeededOrg, body: string, opts: { as?: string; type?: string } = {}) =>
  call(catalogRoute.PUT, "/api/v1/catalog", {
    method: "PUT",
    body,
    ...(opts.as ? { as: opts.as, headers: { "content-type": opts.type ?? "application/yaml" } } : { headers: { ...bearer(org.apiKey.secretKey), "content-type": opts.type ?? "application/yaml" } }),
  });
const get = (org: SeededOrg, path = "/api/v1/catalog", headers: Record<string, string> = bearer(org.apiKey.secretKey)) => call(catalogRoute.GET, path, { headers });
const ingest = (org: SeededOrg, batch: unknown[]) =>
  call(ingestRoute.POST, "/api/v1/ingest", { method: "POST", headers: bearer(org.apiKey.secretKey), body: { batch } });
const event = (id: string, name: string, properties: Record<string, unknown>, timestamp = new Date().toISOString()) => ({
  id,
  type: "event",
  timestamp,
  body: { name, userId: "u1", properties },
});

describe("catalog import and export", () => {
  test("an empty project has mode off and today's role names", async () => {
    const res = await get(t.org);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      catalog: { mode: "off", events: [] },
      roles: { session: "session_started", message: "message_sent", error: "error", feedback: "feedback", conversion: null },
      updatedAt: null,
    });
  });

  test("PUT YAML as the owner, GET it back as YAML and JSON: the same catalog; the change is audited", async () => {
    const res = await put(t.org, catalogYaml("warn"), { as: t.org.users.owner.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const yaml = await get(t.org, "/api/v1/catalog?format=yaml");
    expect(yaml.headers.get("content-type")).toMatch(/^application\/yaml/);
    expect(parseCatalogText(yaml.json)).toEqual(parseCatalogText(catalogYaml("warn")));
    const byAccept = await get(t.org, "/api/v1/catalog", { ...bearer(t.org.apiKey.secretKey), accept: "application/yaml" });
    expect(byAccept.json).toBe(yaml.json);
    const json = await get(t.org);
    expect(json.json.catalog).toEqual(parseCatalogText(catalogYaml("warn")));
    // JSON in is accepted too: the JSON export's catalog re-imports unchanged.
    expect((await put(t.org, JSON.stringify(json.json.catalog), { type: "application/json" })).status).toBe(200);
    expect((await get(t.org, "/api/v1/catalog?format=yaml")).json).toBe(yaml.json);
    const audits = await t.h.db.select().from(auditLog).where(and(eq(auditLog.orgId, t.org.org.id), eq(auditLog.action, "catalog.updated")));
    expect(audits).toHaveLength(2);
    expect(audits.find((a) => a.actorUserId === t.org.users.owner.id)?.details).toMatchObject({ after: { mode: "warn", events: ["message_sent", "feedback"] } });
    expect(audits.find((a) => a.actorUserId === null)?.details).toMatchObject({ apiKeyId: expect.any(String) });
  });

  test("bad YAML, a bad field and a bad JSON Schema are 400s naming the problem, and nothing changes", async () => {
    const before = (await get(t.org, "/api/v1/catalog?format=yaml")).json;
    const badYaml = await put(t.org, "mode: warn\nevents: [ { name: a", {});
    expect(badYaml.status).toBe(400);
    expect(badYaml.json.error.message).toMatch(/not valid YAML or JSON \(line \d+/);
    const badField = await put(t.org, "mode: strict\n");
    expect(badField.status).toBe(400);
    expect(badField.json.error.message).toMatch(/^mode:/);
    const badSchema = await put(t.org, "mode: enforce\nevents:\n  - name: good\n  - name: checkout\n    schema: { type: object, properties: { total: { type: money } } }\n");
    expect(badSchema.status).toBe(400);
    expect(badSchema.json.error.message).toMatch(/events\.1\.schema: the JSON Schema of "checkout" is invalid/);
    const unsupported = await put(t.org, catalogYaml("off"), { type: "text/html" });
    expect(unsupported.status).toBe(415);
    expect((await get(t.org, "/api/v1/catalog?format=yaml")).json).toBe(before);
  });

  test("viewers read, only admins and owners write", async () => {
    expect((await get(t.org, "/api/v1/catalog", {})).status).toBe(401);
    expect((await call(catalogRoute.GET, "/api/v1/catalog", { as: t.org.users.viewer.id })).status).toBe(200);
    expect((await call(qualityRoute.GET, "/api/v1/catalog/quality", { as: t.org.users.viewer.id })).status).toBe(200);
    expect((await call(catalogRoute.GET, "/api/v1/catalog", { as: t.org.users.member.id })).status).toBe(403);
    expect((await put(t.org, catalogYaml("warn"), { as: t.org.users.viewer.id })).status).toBe(403);
    expect((await put(t.org, catalogYaml("warn"), { as: t.org.users.analyst.id })).status).toBe(403);
    expect((await put(t.org, catalogYaml("warn"), { as: t.org.users.admin.id })).status).toBe(200);
  });
});

describe("ingest against the catalog", () => {
  test("warn: every event is stored; violations and unknown names are counted per day and event, replays count nothing", async () => {
    const org = await seedOrg(t.h.db);
    expect((await put(org, catalogYaml("warn"))).status).toBe(200);
    const batch = [
      event("w1", "message_sent", { latencyMs: 120 }),
      event("w2", "message_sent", { latencyMs: "slow" }),
      event("w3", "message_sent", {}),
      event("w4", "page_viewed", { path: "/" }),
    ];
    const res = await ingest(org, batch);
    expect(res.json.errors).toEqual([]);
    expect(res.json.successes).toHaveLength(4);
    await ingest(org, batch); // a replay
    const stored = await t.h.db.select().from(events).where(eq(events.projectId, org.project.id));
    expect(stored).toHaveLength(4);
    const rows = await t.h.db.select().from(eventQualityDaily).where(eq(eventQualityDaily.projectId, org.project.id));
    const of = (name: string) => rows.find((r) => r.name === name)!;
    expect(of("message_sent")).toMatchObject({ volume: 3, violations: 2, refused: 0, unknown: 0 });
    expect(of("message_sent").lastViolations).toEqual(["properties.latencyMs: is required", "properties.latencyMs: must be number"]);
    expect(of("page_viewed")).toMatchObject({ volume: 1, violations: 0, unknown: 1 });

    const report = await call(qualityRoute.GET, "/api/v1/catalog/quality?days=7", { headers: bearer(org.apiKey.secretKey) });
    expect(report.status).toBe(200);
    expect(report.json.mode).toBe("warn");
    expect(report.json.events).toEqual([
      expect.objectContaining({ name: "page_viewed", known: false, volume: 1 }),
      expect.objectContaining({
        name: "message_sent",
        known: true,
        volume: 3,
        violations: 2,
        lastViolations: ["properties.latencyMs: is required", "properties.latencyMs: must be number"],
        alerts: ["violation rate 66.7% is over 10.0%"],
      }),
    ]);
    expect(report.json.volume).toEqual(expect.arrayContaining([{ day: new Date().toISOString().slice(0, 10), name: "message_sent", volume: 3 }]));
  });

  test("enforce: a violating or unknown item is refused alone, naming the property; its neighbours land", async () => {
    const org = await seedOrg(t.h.db);
    expect((await put(org, catalogYaml("enforce"))).status).toBe(200);
    const res = await ingest(org, [
      event("e1", "message_sent", { latencyMs: 80 }),
      event("e2", "message_sent", { latencyMs: -5 }),
      event("e3", "feedback", { thumbs: "sideways" }),
      event("e4", "page_viewed", {}),
      event("e5", "feedback", { thumbs: "up" }),
    ]);
    expect(res.status).toBe(207);
    expect(res.json.successes.map((s: { id: string }) => s.id).sort()).toEqual(["e1", "e5"]);
    const errors = Object.fromEntries(res.json.errors.map((e: { id: string; status: number; message: string }) => [e.id, e]));
    expect(errors.e2).toMatchObject({ status: 422, message: 'event "message_sent" breaks its contract: properties.latencyMs: must be >= 0' });
    expect(errors.e3.message).toMatch(/properties\.thumbs: must be one of "up", "down"/);
    expect(errors.e4.message).toMatch(/name: "page_viewed" is not in the project's event catalog/);
    const stored = await t.h.db.select({ id: events.id }).from(events).where(eq(events.projectId, org.project.id));
    expect(stored.map((s) => s.id).sort()).toEqual(["e1", "e5"]);
    const rows = await t.h.db.select().from(eventQualityDaily).where(eq(eventQualityDaily.projectId, org.project.id));
    const of = (name: string) => rows.find((r) => r.name === name)!;
    expect(of("message_sent")).toMatchObject({ volume: 1, violations: 1, refused: 1 });
    expect(of("page_viewed")).toMatchObject({ volume: 0, refused: 1, unknown: 1 });
  });

  test("off: nothing is checked or counted", async () => {
    const org = await seedOrg(t.h.db);
    const res = await ingest(org, [event("o1", "message_sent", { latencyMs: "slow" }), event("o2", "anything", {})]);
    expect(res.json.successes).toHaveLength(2);
    expect(await t.h.db.select().from(eventQualityDaily).where(eq(eventQualityDaily.projectId, org.project.id))).toEqual([]);
  });
});

test("a product whose message event is chat.turn: the Overview and the daily rollups count it once the role is set", async () => {
  const org = await seedOrg(t.h.db);
  const projectId = org.project.id;
  const now = new Date();
  const day = (ago: number) => new Date(Math.floor(now.getTime() / DAY) * DAY - ago * DAY + 3_600_000).toISOString();
  const turns = [5, 5, 4].map((ago, i) => event(`t${i}`, "chat.turn", { model: "m" }, day(ago)));
  expect((await ingest(org, [...turns, event("x1", "error", {}, day(4))])).json.errors).toEqual([]);
  const messages = async () => (await dailyActivityWithSource(t.h.db, projectId, 30, now)).days.reduce((s, d) => s + d.messages, 0);
  expect(await messages()).toBe(0); // chat.turn is not a message under the defaults

  const res = await put(org, "mode: warn\nevents:\n  - name: chat.turn\n    role: message\n");
  expect(res.json).toMatchObject({ roles: { message: "chat.turn", error: "error" }, rolesRecomputed: true });
  expect(await messages()).toBe(3); // read live from the events

  // The role change queued a rollup recomputation; once it ran, whole days are read from rollups with the same figures.
  const queued = await t.h.db.select().from(jobRuns).where(and(eq(jobRuns.projectId, projectId), eq(jobRuns.functionId, "monitoring-rollups")));
  expect(queued).toHaveLength(1);
  const runner = new EmbeddedRunner(t.h.db, [monitoringRollups], { log: () => {} });
  await runner.drain();
  const after = await dailyActivityWithSource(t.h.db, projectId, 30, now);
  expect(after.missingRollups).toBeNull();
  expect(after.days.reduce((s, d) => s + d.messages, 0)).toBe(3);
  expect(after.days.reduce((s, d) => s + d.errors, 0)).toBe(1);

  // An experiment's preset metrics count the role events too.
  const created = await call(experimentsRoute.POST, "/api/v1/experiments", {
    method: "POST",
    as: org.users.analyst.id,
    body: { key: "turns", name: "Turns", variants: [{ key: "a", weight: 0.5 }, { key: "b", weight: 0.5 }], goalMetrics: ["messages_per_user", "error_rate"] },
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const metrics = created.json.experiment?.goalMetrics ?? created.json.goalMetrics;
  expect(metrics.map((m: { numerator: { events: string[] }; denominator?: { events: string[] } }) => [m.numerator.events, m.denominator?.events ?? null])).toEqual([
    [["chat.turn"], null],
    [["error"], ["chat.turn", "error"]],
  ]);
});
