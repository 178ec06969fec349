import { describe, expect, test } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { rowsOf as resultRows } from "@/db/client";
import { auditLog, endUsers, events, spectrumInsights, spectrumPeriodAggregates, spectrumSessionAggregates, spectrumSessions, spectrumTurns } from "@/db/schema";
import * as overview from "@/app/api/v1/spectrum/users/[userId]/route";
import * as feed from "@/app/api/v1/spectrum/users/[userId]/feed/route";
import * as monthly from "@/app/api/v1/spectrum/users/[userId]/monthly/route";
import * as exclusions from "@/app/api/v1/spectrum/users/[userId]/exclusions/route";
import * as exclusion from "@/app/api/v1/spectrum/users/[userId]/exclusions/[exclusionId]/route";
import * as reset from "@/app/api/v1/spectrum/users/[userId]/reset/route";
import * as me from "@/app/api/v1/spectrum/me/route";
import * as meExclusions from "@/app/api/v1/spectrum/me/exclusions/route";
import * as deleteUser from "@/app/api/v1/users/[userId]/route";
import * as erase from "@/app/api/v1/users/[userId]/erase/route";
import { seedSpectrumDemo } from "@/lib/demo/spectrum";
import { ingestBatch } from "@/lib/ingest/batch";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { spectrumUserRecompute } from "@/inngest/functions/spectrum-user-recompute";

const t = seededDatabase();
/** Runs the recomputations the controls queued (the server's runner would pick them up). */
const drainRecomputations = () => new EmbeddedRunner(t.h.db, [spectrumUserRecompute], { backoff: { baseMs: 1, maxMs: 2 }, log: () => {} }).drain();
const anchor = new Date("2026-11-23T00:00:00Z");
const key = () => bearer(t.org.apiKey.secretKey);
const asKey = (handler: Parameters<typeof call>[0], path: string, userId: string, opts: Parameters<typeof call>[2] = {}) =>
  call(handler, path, { ...opts, headers: key(), params: { userId, ...(opts.params ?? {}) } });

describe("demo data and reads", () => {
  test("the demo seed is fast and gives user_0001 three months of weeks, a feed and a monthly summary", async () => {
    // CPU time of this process (PGlite runs in it), not wall time: other test files busy on the same cores do not count.
    const cpu = process.cpuUsage();
    const seeded = await seedSpectrumDemo(t.h.db, t.org.project.id, anchor);
    const used = process.cpuUsage(cpu);
    expect((used.user + used.system) / 1000).toBeLessThan(15_000);
    expect(seeded.users).toBe(5);
    const res = await asKey(overview.GET, "/x", "user_0001");
    expect(res.status).toBe(200);
    expect(res.json.weeks.length).toBeGreaterThanOrEqual(12); // the current week may not have a session yet
    expect(res.json.feed.length).toBeGreaterThanOrEqual(10);
    expect(res.json.monthly).toMatchObject({ periodKey: "2026-11" });
    expect(res.json.monthly.insight).toBeNull(); // November is not over yet
    // The trend is visible: calmer at the end than at the start, less anxious.
    const first = res.json.weeks.slice(0, 3);
    const last = res.json.weeks.slice(-3);
    const avg = (ws: { calm: number; anxiety: number }[], k: "calm" | "anxiety") => ws.reduce((s, w) => s + w[k], 0) / ws.length;
    expect(avg(last, "calm")).toBeGreaterThan(avg(first, "calm"));
    expect(avg(last, "anxiety")).toBeLessThan(avg(first, "anxiety"));
    const october = await asKey(monthly.GET, "/x?month=2026-10", "user_0001");
    expect(october.json.monthly.insight.text).toMatch(/October 2026/);
    expect((await asKey(monthly.GET, "/x?month=2019-01", "user_0001")).status).toBe(404);
    expect((await asKey(monthly.GET, "/x?month=oct", "user_0001")).status).toBe(400);
    const f = await asKey(feed.GET, "/x", "user_0001");
    expect(f.json.insights[0]).toMatchObject({ kind: "weekly", promptVersion: "spectrum-weekly/v1" });
  });

  test("a member sees only their own Spectrum, and cannot use the on-behalf-of routes", async () => {
    const mine = await call(me.GET, "/api/v1/spectrum/me", { as: t.org.users.member.id });
    expect(mine.json.userId).toBe("end_user_1");
    expect(mine.json.weeks).toEqual([]);
    const other = await call(overview.GET, "/x", { as: t.org.users.member.id, params: { userId: "user_0001" } });
    expect(other.status).toBe(401);
    const viewer = await call(me.GET, "/api/v1/spectrum/me", { as: t.org.users.viewer.id });
    expect(viewer.status).toBe(403);
    // An exclusion of another user's session is refused (404), nothing is written.
    const stolen = await call(meExclusions.POST, "/x", { method: "POST", as: t.org.users.member.id, body: { sessionId: "demo-user_0001-w0-s0" } });
    expect(stolen.status).toBe(404);
  });
});

describe("user controls", () => {
  test("excluding a session recomputes its week and month without it; removing the exclusion brings it back", async () => {
    const before = await asKey(overview.GET, "/x", "user_0001");
    const session = before.json.sessions[3];
    const week = before.json.weeks.find((w: { weekStart: string }) => w.weekStart <= session.startedAt.slice(0, 10) && session.startedAt.slice(0, 10) < addDays(w.weekStart, 7));
    const added = await asKey(exclusions.POST, "/x", "user_0001", { method: "POST", body: { sessionId: session.id } });
    expect(added.status).toBe(202);
    expect(added.json.recomputation).toBe("queued");
    // Until the job has run, the session is listed as excluded and the week still shows its earlier figures.
    const queued = await asKey(overview.GET, "/x", "user_0001");
    expect(queued.json.sessions.map((s: { id: string }) => s.id)).not.toContain(session.id);
    expect(queued.json.weeks.find((w: { periodKey: string }) => w.periodKey === week.periodKey).sessionCount).toBe(week.sessionCount);
    await drainRecomputations();
    const after = await asKey(overview.GET, "/x", "user_0001");
    expect(after.json.sessions.map((s: { id: string }) => s.id)).not.toContain(session.id);
    const weekAfter = after.json.weeks.find((w: { periodKey: string }) => w.periodKey === week.periodKey);
    expect(weekAfter?.sessionCount ?? 0).toBe(week.sessionCount - 1);
    expect(after.json.exclusions).toEqual([expect.objectContaining({ id: added.json.id, sessionId: session.id })]);
    const bad = await asKey(exclusions.POST, "/x", "user_0001", { method: "POST", body: { from: "2026-11-10", to: "2026-11-01" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^to:/);
    const removed = await asKey(exclusion.DELETE, "/x", "user_0001", { method: "DELETE", params: { exclusionId: added.json.id } });
    expect(removed.status).toBe(202);
    await drainRecomputations();
    const restored = await asKey(overview.GET, "/x", "user_0001");
    expect(restored.json.weeks.find((w: { periodKey: string }) => w.periodKey === week.periodKey).sessionCount).toBe(week.sessionCount);
  });

  test("a date-range exclusion drops every session in it from the aggregates and insights", async () => {
    const res = await asKey(exclusions.POST, "/x", "user_0003", { method: "POST", body: { from: "2026-10-01T00:00:00Z", to: "2026-11-01T00:00:00Z" } });
    expect(res.status).toBe(202);
    await drainRecomputations();
    const rows = await t.h.db
      .select()
      .from(spectrumPeriodAggregates)
      .where(and(eq(spectrumPeriodAggregates.projectId, t.org.project.id), eq(spectrumPeriodAggregates.userId, "user_0003"), eq(spectrumPeriodAggregates.periodKey, "2026-10")));
    expect(rows).toEqual([]);
    const octInsight = await t.h.db
      .select()
      .from(spectrumInsights)
      .where(and(eq(spectrumInsights.userId, "user_0003"), eq(spectrumInsights.periodKey, "2026-10")));
    expect(octInsight).toEqual([]);
  });

  test("reset deletes derived records and recomputes only from the reset point", async () => {
    const res = await asKey(reset.POST, "/x", "user_0004", { method: "POST", body: { from: "2026-11-16T00:00:00Z" } });
    expect(res.status).toBe(202);
    expect(res.json.recomputation).toBe("queued");
    await drainRecomputations();
    const aggs = await t.h.db.select().from(spectrumSessionAggregates).where(and(eq(spectrumSessionAggregates.projectId, t.org.project.id), eq(spectrumSessionAggregates.userId, "user_0004")));
    expect(aggs.length).toBeGreaterThan(0);
    expect(aggs.every((a) => a.startedAt >= new Date("2026-11-16T00:00:00Z"))).toBe(true);
    const o = await asKey(overview.GET, "/x", "user_0004");
    expect(o.json.weeks.map((w: { periodKey: string }) => w.periodKey)).toEqual(["2026-W47", "2026-W48"].filter((k) => o.json.weeks.some((w: { periodKey: string }) => w.periodKey === k)));
    expect(o.json.weeks[0].periodKey).toBe("2026-W47");
    expect(o.json.feed).toEqual([]);
    expect(o.json.resetAt).toBe("2026-11-16T00:00:00.000Z");
    // Raw turns stay (retention removes them); they no longer feed anything.
    expect((await t.h.db.select().from(spectrumTurns).where(eq(spectrumTurns.userId, "user_0004"))).length).toBeGreaterThan(0);
    const now = await asKey(reset.POST, "/x", "user_0004", { method: "POST", body: {} });
    // Nothing after now to recompute: the reset is done in the request.
    expect(now.status).toBe(200);
    expect(now.json.recomputation).toBe("not_needed");
    expect((await asKey(overview.GET, "/x", "user_0004")).json.weeks).toEqual([]);
  });
});

describe("deleting an end user", () => {
  async function userTables() {
    const result = await t.h.db.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and column_name in ('user_id', 'end_user_id') and data_type = 'text'`);
    return resultRows<{ table_name: string; column_name: string }>(result);
  }
  async function rowsOf(userId: string) {
    const found: Record<string, number> = {};
    for (const { table_name, column_name } of await userTables()) {
      const res = await t.h.db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)} = ${userId}`);
      const n = Number((Array.isArray(res) ? res : (res as unknown as { rows: { n: number }[] }).rows)[0].n);
      if (n > 0) found[table_name] = n;
    }
    return found;
  }

  test("the API-key DELETE and the admin route remove the user's rows from every table with a user column", async () => {
    await t.h.db.insert(endUsers).values([{ projectId: t.org.project.id, userId: "user_0002", signupAt: anchor }, { projectId: t.org.project.id, userId: "end_user_1", signupAt: anchor }]);
    await t.h.db.insert(events).values([{ projectId: t.org.project.id, id: "ev-del-1", name: "message_sent", userId: "user_0002", timestamp: anchor }]);
    await ingestBatch(t.h.db, t.org.project.id, {
      batch: [
        { id: "s-del", type: "session", timestamp: "2026-11-20T10:00:00Z", body: { userId: "end_user_1" } },
        { id: "t-del", type: "turn", timestamp: "2026-11-20T10:00:00Z", body: { sessionId: "s-del", userId: "end_user_1", role: "user", text: "hello there" } },
        { id: "f-del", type: "feedback", timestamp: "2026-11-20T10:00:00Z", body: { sessionId: "s-del", userId: "end_user_1", rating: 1 } },
      ],
    });
    const before = await rowsOf("user_0002");
    expect(Object.keys(before)).toEqual(expect.arrayContaining(["events", "end_users", "spectrum_sessions", "spectrum_turns", "spectrum_turn_vectors", "spectrum_session_aggregates", "spectrum_period_aggregates", "spectrum_insights"]));
    expect(Object.keys(await rowsOf("end_user_1"))).toEqual(expect.arrayContaining(["memberships", "spectrum_sessions", "spectrum_feedback"]));

    const res = await call(deleteUser.DELETE, "/api/v1/users/user_0002", { method: "DELETE", headers: key(), params: { userId: "user_0002" } });
    expect(res.status).toBe(200);
    expect(await rowsOf("user_0002")).toEqual({});

    expect((await call(erase.POST, "/x", { method: "POST", as: t.org.users.analyst.id, params: { userId: "end_user_1" } })).status).toBe(403);
    const admin = await call(erase.POST, "/x", { method: "POST", as: t.org.users.admin.id, params: { userId: "end_user_1" } });
    expect(admin.status).toBe(200);
    expect(await rowsOf("end_user_1")).toEqual({});
    const audit = await t.h.db.select().from(auditLog).where(eq(auditLog.action, "end_user.deleted"));
    expect(audit).toEqual([expect.objectContaining({ targetId: "end_user_1" })]);
    // Nobody else lost anything.
    expect((await t.h.db.select().from(spectrumSessions).where(eq(spectrumSessions.userId, "user_0001"))).length).toBeGreaterThan(30);
  });
});

function addDays(isoDate: string, days: number) {
  return new Date(Date.parse(isoDate) + days * 86_400_000).toISOString().slice(0, 10);
}
