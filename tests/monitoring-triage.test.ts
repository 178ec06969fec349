// Triage of the anomaly feed through the real route handlers: open and critical first, counts per severity, keyset
// pages in that order, mutes that hide a series and silence its alerts until they expire, and all-or-nothing bulk review.
import { beforeAll, describe, expect, test } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { call, seedOrg, seededDatabase, type SeededOrg } from "./support/fixtures";
import { alertRules, auditLog, metricRollups, monitoringAnomalies } from "@/db/schema";
import { evaluateAlerts, type FetchLike } from "@/lib/monitoring/alerts/evaluate";
import { listAnomalies, anomalyListQuerySchema } from "@/lib/monitoring/store/list";
import { openAnomalyCounts } from "@/lib/monitoring/store/counts";
import { createMute, deleteMute } from "@/lib/monitoring/store/mutes";
import * as anomaliesRoute from "@/app/api/v1/monitoring/anomalies/route";
import * as bulkReviewRoute from "@/app/api/v1/monitoring/anomalies/review/route";
import * as mutesRoute from "@/app/api/v1/monitoring/mutes/route";
import * as muteRoute from "@/app/api/v1/monitoring/mutes/[id]/route";

const t = seededDatabase();
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Fixed times: the feed's order never depends on the wall clock. */
const BASE = Date.UTC(2026, 10, 20);
const day = (n: number) => new Date(BASE - n * DAY);

type Severity = "low" | "medium" | "high" | "critical";
type Status = "open" | "acknowledged" | "false_positive" | "confirmed";
const anomaly = (projectId: string, metric: string, severity: Severity, timestamp: Date, extra: Partial<typeof monitoringAnomalies.$inferInsert> = {}) => ({
  projectId, metric, severity, timestamp,
  granularity: "day" as const, value: 2, expected: 1, lower: 0.8, upper: 1.2, score: 6, direction: "up" as const, kind: "spike" as const,
  detectedAt: new Date(timestamp.getTime() + DAY),
  ...extra,
});

async function insert(rows: ReturnType<typeof anomaly>[]) {
  return (await t.h.db.insert(monitoringAnomalies).values(rows).returning()).map((r) => r.id);
}
const actorOf = (org: SeededOrg, role: "analyst" | "viewer" = "analyst") => ({
  userId: org.users[role].id, email: org.users[role].email, orgId: org.org.id, projectId: org.project.id,
});
/** The feed covers the time range (default the last 7 days, as on the Anomalies page): these anomalies are in November 2026. */
const NOVEMBER = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };
const feed = (org: SeededOrg, query = "", role: "viewer" | "analyst" = "viewer") => {
  const window = /[?&](range|from|to)=/.test(query) ? "" : `${query ? "&" : "?"}from=2026-11-01&to=2026-11-30`;
  return call(anomaliesRoute.GET, `/api/v1/monitoring/anomalies${query}${window}`, { as: org.users[role].id });
};
const ids = (res: { json: { data: { id: string }[] } }) => res.json.data.map((a) => a.id);

describe("the feed in triage order", () => {
  let org: SeededOrg;
  const id: Record<string, string> = {};
  beforeAll(async () => {
    org = await seedOrg(t.h.db);
    const p = org.project.id;
    // Three low cost spikes newer than a critical p50 latency anomaly: time order would bury the critical one.
    [id.cost1, id.cost2, id.cost3, id.latency, id.medium, id.ackHigh, id.ackCritical] = await insert([
      anomaly(p, "cost", "low", day(1)),
      anomaly(p, "cost", "low", day(2)),
      anomaly(p, "cost", "low", day(3)),
      anomaly(p, "latency_p50", "critical", day(5)),
      anomaly(p, "tokens", "medium", day(4)),
      anomaly(p, "error_rate", "high", day(0), { status: "acknowledged" }),
      anomaly(p, "requests", "critical", day(6), { status: "acknowledged" }),
    ]);
  });

  test("open before reviewed, then critical > high > medium > low, then newest; with open counts per severity", async () => {
    const res = await feed(org);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([id.latency, id.medium, id.cost1, id.cost2, id.cost3, id.ackCritical, id.ackHigh]);
    expect(res.json.data[0]).toMatchObject({ metric: "latency_p50", severity: "critical", status: "open", muted: false });
    expect(res.json.openCounts).toEqual({ critical: 1, high: 0, medium: 1, low: 3 });
    expect(res.json.mutedHidden).toBe(0);
    expect(res.json.nextCursor).toBeNull();
    expect(res.json.metrics).toEqual(expect.any(Array));
  });

  test("the time range keeps the anomalies whose incident overlaps it, and the open counts follow it", async () => {
    // day(3) is 2026-11-17 and day(1) 2026-11-19 (the end day included): the three low cost spikes, not tokens (day(4)).
    const res = await feed(org, "?from=2026-11-17&to=2026-11-19");
    expect(ids(res)).toEqual([id.cost1, id.cost2, id.cost3]);
    expect(res.json.openCounts).toEqual({ critical: 0, high: 0, medium: 0, low: 3 });
    // An incident that started before the window and ended inside it is kept.
    const [long] = await insert([anomaly(org.project.id, "latency_p95", "high", day(12), { endedAt: day(9) })]);
    expect(ids(await feed(org, "?from=2026-11-11&to=2026-11-11"))).toEqual([long]);
    expect(ids(await feed(org, "?from=2026-11-12&to=2026-11-12"))).toEqual([]);
    await t.h.db.delete(monitoringAnomalies).where(eq(monitoringAnomalies.id, long));
    expect((await feed(org, "?range=14d")).status).toBe(400);
  });

  test("sort=recent is newest first; severity, status and metric filter; the old params keep working", async () => {
    expect(ids(await feed(org, "?sort=recent"))).toEqual([id.ackHigh, id.cost1, id.cost2, id.cost3, id.medium, id.latency, id.ackCritical]);
    expect(ids(await feed(org, "?severity=low"))).toEqual([id.cost1, id.cost2, id.cost3]);
    expect(ids(await feed(org, "?status=acknowledged"))).toEqual([id.ackCritical, id.ackHigh]);
    expect(ids(await feed(org, "?status=active&severity=critical"))).toEqual([id.latency, id.ackCritical]);
    const cost = await feed(org, "?metric=cost&limit=2");
    expect(ids(cost)).toEqual([id.cost1, id.cost2]);
    expect(cost.json.openCounts).toEqual({ critical: 0, high: 0, medium: 0, low: 3 });
  });

  test("keyset pages follow the same order in both sorts, without gaps or repeats", async () => {
    for (const sort of ["severity", "recent"]) {
      const all = ids(await feed(org, `?sort=${sort}`));
      const paged: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const res = await feed(org, `?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
        expect(res.status).toBe(200);
        paged.push(...ids(res));
        cursor = res.json.nextCursor;
        if (!cursor) break;
      }
      expect(paged).toEqual(all);
    }
  });

  test("bad input is a 400 naming the field", async () => {
    const bad = async (query: string, field: RegExp) => {
      const res = await feed(org, query);
      expect(res.status, query).toBe(400);
      expect(res.json.error.message, query).toMatch(field);
    };
    await bad("?severity=urgent", /^severity/);
    await bad("?sort=loudest", /^sort/);
    await bad("?status=resolved", /^status/);
    await bad("?limit=0", /^limit/);
    await bad("?cursor=not-a-cursor", /^cursor/);
    // A cursor of one sort is refused by the other.
    const first = await feed(org, "?limit=1");
    await bad(`?sort=recent&limit=1&cursor=${first.json.nextCursor}`, /^cursor/);
  });
});

describe("mutes", () => {
  let org: SeededOrg;
  const id: Record<string, string> = {};
  beforeAll(async () => {
    org = await seedOrg(t.h.db);
    const p = org.project.id;
    [id.cost1, id.cost2, id.latency, id.latencyModel, id.latencyOther] = await insert([
      anomaly(p, "cost", "low", day(1)),
      anomaly(p, "cost", "low", day(2)),
      anomaly(p, "latency_p50", "critical", day(5)),
      anomaly(p, "latency_p50", "high", day(5), { dimension: "model", dimensionValue: "gpt-4o" }),
      anomaly(p, "latency_p50", "high", day(6), { dimension: "model", dimensionValue: "gpt-4o-mini" }),
    ]);
  });
  const mute = (body: unknown, role: "analyst" | "viewer" = "analyst") =>
    call(mutesRoute.POST, "/api/v1/monitoring/mutes", { method: "POST", as: org.users[role].id, body });
  const unmute = (muteId: string, role: "analyst" | "viewer" = "analyst") =>
    call(muteRoute.DELETE, `/api/v1/monitoring/mutes/${muteId}`, { method: "DELETE", as: org.users[role].id, params: { id: muteId } });

  test("a viewer may not mute; bad input is a 400 with a clear message", async () => {
    const denied = await mute({ metric: "cost", duration: "1h" }, "viewer");
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toMatch(/monitoring:write/);
    const noDuration = await mute({ metric: "cost", duration: "2h" });
    expect(noDuration.status).toBe(400);
    expect(noDuration.json.error.message).toMatch(/^duration: must be one of 1h, 1d, 1w, until_unmuted/);
    const half = await mute({ metric: "latency_p50", dimension: "model", duration: "1h" });
    expect(half.status).toBe(400);
    expect(half.json.error.message).toMatch(/^dimensionValue: dimension and dimensionValue go together/);
    expect((await mute({ metric: " ", duration: "1h" })).json.error.message).toMatch(/^metric: must name a metric/);
    expect((await call(mutesRoute.GET, "/api/v1/monitoring/mutes", { as: org.users.viewer.id })).json.data).toEqual([]);
  });

  test("a muted metric is hidden from the feed and its counts (shown with muted=show) until the mute expires, audited", async () => {
    const res = await mute({ metric: "cost", duration: "1h", reason: "known billing backfill" });
    expect(res.status).toBe(201);
    const created = res.json.mute;
    expect(created).toMatchObject({ metric: "cost", dimension: null, dimensionValue: null, reason: "known billing backfill" });
    expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBe(HOUR);

    const hidden = await feed(org);
    expect(ids(hidden)).toEqual([id.latency, id.latencyModel, id.latencyOther]);
    expect(hidden.json.mutedHidden).toBe(2);
    expect(hidden.json.openCounts).toEqual({ critical: 1, high: 2, medium: 0, low: 0 });
    const shown = await feed(org, "?muted=show");
    expect(shown.json.data.filter((a: { muted: boolean }) => a.muted).map((a: { id: string }) => a.id)).toEqual([id.cost1, id.cost2]);
    expect(shown.json.mutedHidden).toBe(0);
    const listed = await call(mutesRoute.GET, "/api/v1/monitoring/mutes", { as: org.users.viewer.id });
    expect(listed.json.data.map((m: { id: string }) => m.id)).toEqual([created.id]);

    // The clock is passed in: one millisecond before the expiry the series is muted, at the expiry it is back.
    const query = anomalyListQuerySchema.parse({});
    const expiry = new Date(created.expiresAt);
    const before = await listAnomalies(t.h.db, org.project.id, query, NOVEMBER, new Date(expiry.getTime() - 1));
    expect(before.items.map((a) => a.id)).not.toContain(id.cost1);
    const after = await listAnomalies(t.h.db, org.project.id, query, NOVEMBER, expiry);
    expect(after.items.map((a) => a.id)).toEqual(expect.arrayContaining([id.cost1, id.cost2]));
    expect(after.mutedHidden).toBe(0);
    expect((await openAnomalyCounts(t.h.db, org.project.id, NOVEMBER, expiry)).low).toBe(2);

    const audit = await t.h.db.select().from(auditLog).where(and(eq(auditLog.orgId, org.org.id), eq(auditLog.targetId, created.id)));
    expect(audit).toMatchObject([{ action: "anomaly_mute.create", actorUserId: org.users.analyst.id, details: { metric: "cost", duration: "1h" } }]);

    // Unmute: a viewer may not; the analyst may, once; the feed shows the metric again.
    expect((await unmute(created.id, "viewer")).status).toBe(403);
    expect((await unmute(created.id)).status).toBe(200);
    const again = await unmute(created.id);
    expect(again.status).toBe(404);
    expect(again.json.error.message).toBe("No such mute in this project");
    expect((await feed(org)).json.openCounts.low).toBe(2);
    const actions = (await t.h.db.select().from(auditLog).where(and(eq(auditLog.orgId, org.org.id), eq(auditLog.targetId, created.id)))).map((r) => r.action);
    expect(actions.sort()).toEqual(["anomaly_mute.create", "anomaly_mute.delete"]);
  });

  test("a mute of one dimension value hides only that series; a mute lasts until unmuted when asked", async () => {
    const res = await mute({ metric: "latency_p50", dimension: "model", dimensionValue: "gpt-4o", duration: "until_unmuted" });
    expect(res.status).toBe(201);
    expect(res.json.mute.expiresAt).toBeNull();
    const list = ids(await feed(org));
    expect(list).not.toContain(id.latencyModel);
    expect(list).toEqual(expect.arrayContaining([id.latency, id.latencyOther, id.cost1]));
    // Still muted a year on.
    const later = await listAnomalies(t.h.db, org.project.id, anomalyListQuerySchema.parse({}), NOVEMBER, new Date(Date.now() + 365 * DAY));
    expect(later.items.map((a) => a.id)).not.toContain(id.latencyModel);
    expect((await unmute(res.json.mute.id)).status).toBe(200);
  });

  test("a mute of another project cannot be removed", async () => {
    const other = await seedOrg(t.h.db);
    const foreign = await createMute(t.h.db, actorOf(other), { metric: "cost", duration: "1d" }, new Date(BASE));
    const res = await unmute(foreign.id);
    expect(res.status).toBe(404);
    await expect(deleteMute(t.h.db, actorOf(other), foreign.id)).resolves.toBeUndefined();
  });
});

describe("mutes silence alert rules while they last", () => {
  test("an anomaly rule and a metric rule fire nothing for a muted metric, and fire once the mute expires or is removed", async () => {
    const org = await seedOrg(t.h.db);
    const p = org.project.id;
    const now = new Date(Date.UTC(2026, 10, 20, 12, 30));
    const sent: string[] = [];
    const fetch: FetchLike = async (_url, init) => {
      sent.push((JSON.parse(init.body) as { text: string }).text);
      return { status: 200, ok: true };
    };
    const deps = { fetch, mailer: null };
    await t.h.db.insert(alertRules).values([
      { projectId: p, name: "Errors", condition: "anomaly", metric: "error_rate", minSeverity: "low", webhookUrl: "https://hooks.example.test/a", cooldownMinutes: 1, createdAt: new Date(now.getTime() - 2 * HOUR) },
    ]);
    await insert([anomaly(p, "error_rate", "critical", new Date(now.getTime() - DAY), { detectedAt: new Date(now.getTime() - HOUR) })]);
    const mute = await createMute(t.h.db, actorOf(org), { metric: "error_rate", duration: "1h" }, new Date(now.getTime() - 30 * 60_000));

    expect(await evaluateAlerts(t.h.db, p, now, deps)).toEqual({ evaluated: 1, sent: 0, failed: 0 });
    expect(await evaluateAlerts(t.h.db, p, new Date(mute.expiresAt!.getTime() - 1), deps)).toMatchObject({ sent: 0 });
    expect(sent).toEqual([]);
    // Expired: the anomaly that arrived during the mute is reported.
    expect(await evaluateAlerts(t.h.db, p, mute.expiresAt!, deps)).toMatchObject({ sent: 1 });
    expect(sent[0]).toMatch(/^Prism alert "Errors": 1 new anomaly\n• \[critical\] Product error rate/);

    // A metric rule over the project-wide hourly value, muted until unmuted, then unmuted.
    const hour = new Date(Math.floor(now.getTime() / HOUR) * HOUR - HOUR);
    await t.h.db.insert(metricRollups).values({ projectId: p, metric: "requests", granularity: "hour", bucketStart: hour, value: 500, count: 500 });
    await t.h.db.insert(alertRules).values({ projectId: p, name: "Traffic", condition: "above", metric: "requests", threshold: 100, webhookUrl: "https://hooks.example.test/b", createdAt: new Date(now.getTime() - 2 * HOUR) });
    const forever = await createMute(t.h.db, actorOf(org), { metric: "requests", duration: "until_unmuted" }, now);
    // A series-level mute is not a project-wide one: only the whole metric silences a metric rule.
    await createMute(t.h.db, actorOf(org), { metric: "requests", dimension: "model", dimensionValue: "gpt-4o", duration: "1w" }, now);
    const sentBefore = sent.length;
    await evaluateAlerts(t.h.db, p, new Date(now.getTime() + 5 * 60_000), deps);
    expect(sent.slice(sentBefore).filter((m) => m.includes("Traffic"))).toEqual([]);
    await deleteMute(t.h.db, actorOf(org), forever.id);
    await evaluateAlerts(t.h.db, p, new Date(now.getTime() + 10 * 60_000), deps);
    expect(sent.slice(sentBefore).filter((m) => m.includes('"Traffic"'))).toHaveLength(1);
  });
});

describe("bulk review", () => {
  let org: SeededOrg;
  let other: SeededOrg;
  const id: Record<string, string> = {};
  beforeAll(async () => {
    org = await seedOrg(t.h.db);
    other = await seedOrg(t.h.db);
    [id.a, id.b, id.c] = await insert([
      anomaly(org.project.id, "cost", "low", day(1)),
      anomaly(org.project.id, "cost", "low", day(2)),
      anomaly(org.project.id, "tokens", "high", day(3)),
    ]);
    [id.foreign] = await insert([anomaly(other.project.id, "cost", "low", day(1))]);
  });
  const review = (body: unknown, role: "analyst" | "viewer" = "analyst") =>
    call(bulkReviewRoute.POST, "/api/v1/monitoring/anomalies/review", { method: "POST", as: org.users[role].id, body });
  const statuses = async (list: string[]) =>
    Object.fromEntries((await t.h.db.select().from(monitoringAnomalies).where(inArray(monitoringAnomalies.id, list))).map((r) => [r.id, r.status as Status]));

  test("a viewer may not review", async () => {
    const res = await review({ ids: [id.a], status: "acknowledged" }, "viewer");
    expect(res.status).toBe(403);
    expect((await statuses([id.a]))[id.a]).toBe("open");
  });

  test("bad input is a 400 naming the field", async () => {
    const bad = async (body: unknown, message: RegExp) => {
      const res = await review(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.message).toMatch(message);
    };
    await bad({ ids: [], status: "acknowledged" }, /^ids: give at least one anomaly id/);
    await bad({ ids: ["nope"], status: "acknowledged" }, /^ids\.0: must be an anomaly id/);
    await bad({ ids: [id.a], status: "resolved" }, /^status/);
    await bad({ status: "acknowledged" }, /^ids/);
  });

  test("an unknown or foreign id fails the whole request and changes nothing", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    for (const stranger of [id.foreign, unknown]) {
      const res = await review({ ids: [id.a, id.b, stranger], status: "acknowledged" });
      expect(res.status).toBe(404);
      expect(res.json.error.message).toBe(`No such anomalies in this project: ${stranger}; none was changed`);
    }
    expect(await statuses([id.a, id.b, id.foreign])).toEqual({ [id.a]: "open", [id.b]: "open", [id.foreign]: "open" });
    const audit = await t.h.db.select().from(auditLog).where(and(eq(auditLog.orgId, org.org.id), inArray(auditLog.targetId, [id.a, id.b])));
    expect(audit).toEqual([]);
  });

  test("several anomalies are acknowledged in one action, each audited; the feed moves them below the open ones", async () => {
    const res = await review({ ids: [id.a, id.b], status: "acknowledged" });
    expect(res.status).toBe(200);
    expect(res.json.anomalies).toEqual([
      { id: id.a, metric: "cost", status: "acknowledged" },
      { id: id.b, metric: "cost", status: "acknowledged" },
    ]);
    expect(await statuses([id.a, id.b, id.c])).toEqual({ [id.a]: "acknowledged", [id.b]: "acknowledged", [id.c]: "open" });
    const audit = await t.h.db.select().from(auditLog).where(and(eq(auditLog.orgId, org.org.id), inArray(auditLog.targetId, [id.a, id.b])));
    expect(audit.map((r) => [r.targetId, r.action, r.details])).toEqual(
      expect.arrayContaining([
        [id.a, "anomaly.acknowledged", { metric: "cost", bulk: 2 }],
        [id.b, "anomaly.acknowledged", { metric: "cost", bulk: 2 }],
      ]),
    );
    const list = await feed(org);
    expect(ids(list)).toEqual([id.c, id.a, id.b]);
    expect(list.json.openCounts).toEqual({ critical: 0, high: 1, medium: 0, low: 0 });
    // Labels in bulk retune each labelled metric once.
    const labelled = await review({ ids: [id.a, id.b], status: "false_positive" });
    expect(Object.keys(labelled.json.tuning)).toEqual(["cost"]);
  });
});
