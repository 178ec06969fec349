// Churn prediction through the real route handlers and database, on generated users whose churn has KNOWN drivers
// (falling activity, errors and thumbs-down in the three weeks before they stop): no model yet (404), the backtest
// (AUC above 0.75 and above the recency baseline, bad input refused with nothing stored), the daily job storing the
// model and per-user risks with reasons, the Users list's churn column and filter, access, and erasure of a score.
import { beforeAll, describe, expect, test } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { seedChurnData } from "./support/churn-data";
import { churnModels, churnScores, endUsers, events, jobRuns, scores, spectrumFeedback, spectrumSessions, traces, traceSentiment } from "@/db/schema";
import { rowsOf } from "@/db/client";
import { ensureProject } from "@/lib/bootstrap/ensure";
import { loadChurnActivity } from "@/lib/insights/store/churn-features";
import * as churn from "@/app/api/v1/insights/churn/route";
import * as backtest from "@/app/api/v1/insights/churn/backtest/route";
import { generateChurnData } from "@/lib/insights/churn/synthetic";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { insightsChurnTrain, INSIGHTS_CHURN_TRAIN_REQUESTED } from "@/inngest/functions/insights-churn-train";
import { listUsers, userListQuerySchema } from "@/lib/users/store/list-users";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";
import * as userRoute from "@/app/api/v1/users/[userId]/route";

const DAY = 86_400_000;
const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
// Whole days back from now, so that the backtest's "outcome known" check (against the clock) passes for `end - 14d`.
const end = Math.floor((Date.now() - DAY) / DAY) * DAY;
const data = generateChurnData({ users: 300, days: 70, end, seed: 7 });
const asOf = new Date(end - 14 * DAY).toISOString();

const runBacktest = (body: unknown, opts: { headers?: Record<string, string>; as?: string } = { headers: key() }) =>
  call(backtest.POST, "/api/v1/insights/churn/backtest", { method: "POST", body, ...opts });
const storedModels = () => t.h.db.select().from(churnModels).where(eq(churnModels.projectId, t.org.project.id));

beforeAll(async () => {
  await seedChurnData(t.h.db, t.org.project.id, data);
}, 120_000);

describe("churn prediction", () => {
  test("before any training the list is a 404 that says how a model is trained", async () => {
    const res = await call(churn.GET, "/api/v1/insights/churn", { headers: key() });
    expect(res.status).toBe(404);
    expect(res.json.error.message).toMatch(/No churn model has been trained yet/);
  });

  test("backtest: the model beats ranking by recency alone on users with known churn drivers, and stores nothing", async () => {
    const res = await runBacktest({ asOf });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const r = res.json;
    console.log(`churn backtest: AUC ${r.auc} vs recency ${r.baselineAuc}; ${r.users} users (${r.churned} churned), trained on ${r.trainUsers}`);
    expect(r.users).toBeGreaterThan(100);
    expect(r.churned).toBeGreaterThan(10);
    expect(r.users - r.churned).toBeGreaterThan(10);
    expect(r.auc).toBeGreaterThan(0.75);
    expect(r.auc).toBeGreaterThan(r.baselineAuc);
    expect(r.calibration.reduce((n: number, b: { users: number }) => n + b.users, 0)).toBe(r.users);
    expect(await storedModels()).toEqual([]);
  }, 60_000);

  test("bad input is a 400 naming the field, and nothing is stored", async () => {
    for (const body of [{}, { asOf: "yesterday" }, { asOf, churnDays: 0 }, { asOf, extra: 1 }, { asOf: new Date().toISOString() }]) {
      const res = await runBacktest(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.message, JSON.stringify(body)).toMatch(/asOf|churnDays|extra|Unrecognized/i);
    }
    expect((await call(churn.GET, "/api/v1/insights/churn?limit=0", { headers: key() })).status).toBe(400);
    // Too little history before asOf - churnDays: a conflict that says why, not a model from nothing.
    const early = await runBacktest({ asOf: new Date(end - 68 * DAY).toISOString() });
    expect(early.status).toBe(409);
    expect(early.json.error.message).toMatch(/Cannot train a churn model/);
    expect(await storedModels()).toEqual([]);
  }, 60_000);

  test("the daily job stores the model with its evaluation, and the list shows risks with reasons", async () => {
    const runner = new EmbeddedRunner(t.h.db, [insightsChurnTrain], { log: () => {} });
    await runner.send({ name: INSIGHTS_CHURN_TRAIN_REQUESTED, data: { projectId: t.org.project.id, now: new Date(end).toISOString() }, id: "churn-daily-test" });
    await runner.drain();
    const [run] = await t.h.db.select().from(jobRuns).where(eq(jobRuns.idempotencyKey, "churn-daily-test"));
    expect(run?.status).toBe("succeeded");
    const [model] = await storedModels();
    const coefficient = (name: string) => (model.model.coefficients as number[])[(model.model.features as string[]).indexOf(name)];
    // The planted drivers: errors raise the risk, a falling activity trend (negative) raises it too.
    expect(coefficient("errorShare") + coefficient("errors")).toBeGreaterThan(0);
    expect(coefficient("frequencyTrend")).toBeLessThan(0);

    const res = await call(churn.GET, "/api/v1/insights/churn?limit=20", { headers: key() });
    expect(res.status).toBe(200);
    const { model: m, users } = res.json;
    expect(m.auc).toBeGreaterThan(0.75);
    expect(m.auc).toBeGreaterThan(m.baselineAuc);
    expect(m.trainedAt).toBe(new Date(end).toISOString());
    expect(m.calibration.length).toBeGreaterThan(1);
    expect(users).toHaveLength(20);
    for (let i = 1; i < users.length; i++) expect(users[i - 1].risk).toBeGreaterThanOrEqual(users[i].risk);
    expect(users[0].risk).toBeGreaterThan(0.5);
    expect(users[0].reasons.length).toBeGreaterThan(0);
    expect(users[0].reasons[0]).toMatchObject({ feature: expect.any(String), label: expect.any(String) });
    expect(users[0].reasons[0].contribution).toBeGreaterThan(0);
    // Users who really stop soon after `end` are ranked above those who stay (top 20 mostly true churners).
    const churnSoon = new Set(data.users.filter((u) => u.churnAt && u.churnAt.getTime() < end + 14 * DAY).map((u) => u.userId));
    expect(users.filter((u: { userId: string }) => churnSoon.has(u.userId)).length).toBeGreaterThanOrEqual(14);
  }, 120_000);

  test("the Users list shows churn risk, sorts by it and filters to high risk", async () => {
    const EVER = { from: new Date("2000-01-01T00:00:00Z"), to: new Date("2100-01-01T00:00:00Z") };
    const sorted = await listUsers(t.h.db, t.org.project.id, userListQuerySchema.parse({ sort: "churnRisk", limit: 10 }), EVER);
    expect(sorted.items[0].churnRisk).toBeGreaterThan(0.5);
    for (let i = 1; i < sorted.items.length; i++) expect(sorted.items[i - 1].churnRisk!).toBeGreaterThanOrEqual(sorted.items[i].churnRisk!);
    const next = await listUsers(t.h.db, t.org.project.id, userListQuerySchema.parse({ sort: "churnRisk", limit: 10, cursor: sorted.nextCursor }), EVER);
    expect(next.items[0].churnRisk!).toBeLessThanOrEqual(sorted.items[9].churnRisk!);
    expect(next.items.map((u) => u.userId)).not.toContain(sorted.items[9].userId);
    const high = await listUsers(t.h.db, t.org.project.id, userListQuerySchema.parse({ risk: "high", limit: 100 }), EVER);
    expect(high.items.length).toBeGreaterThan(0);
    expect(high.items.every((u) => u.churnRisk! >= 0.5)).toBe(true);
    // The list reads end_users.churn_risk: the job wrote it with the scores, for exactly the scored users.
    const mismatched = await t.h.db.execute(sql`select eu.user_id from end_users eu
      full join churn_scores cs on cs.project_id = eu.project_id and cs.user_id = eu.user_id
      where coalesce(eu.project_id, cs.project_id) = ${t.org.project.id} and eu.churn_risk is distinct from cs.risk`);
    expect(rowsOf(mismatched)).toEqual([]);
    const all = await listUsers(t.h.db, t.org.project.id, userListQuerySchema.parse({ limit: 100 }), EVER);
    expect(all.items.some((u) => u.churnRisk === null || u.churnRisk < 0.5)).toBe(true);
    // The user's own page carries the same risk and its reasons.
    const top = sorted.items[0];
    const detail = await call(userRoute.GET, `/api/v1/users/${top.userId}`, { headers: key(), params: { userId: top.userId } });
    expect(detail.status).toBe(200);
    expect(detail.json.churn).toMatchObject({ risk: top.churnRisk, trainedAt: new Date(end).toISOString() });
    expect(detail.json.churn.reasons.length).toBeGreaterThan(0);
  });

  test("access: viewers read, analysts backtest, members and anonymous callers are refused", async () => {
    const { viewer, analyst, member } = t.org.users;
    expect((await call(churn.GET, "/x", { as: viewer.id })).status).toBe(200);
    expect((await call(churn.GET, "/x", { as: member.id })).status).toBe(403);
    expect((await call(churn.GET, "/x")).status).toBe(401);
    expect((await runBacktest({ asOf }, { as: viewer.id })).status).toBe(403);
    expect((await runBacktest({ asOf }, { as: analyst.id })).status).toBe(200);
  }, 60_000);

  test("features read events, traces, scores, Spectrum sessions and ratings, sentiment and the plan, before asOf only", async () => {
    const p = (await ensureProject(t.h.db, t.org.org.id, "churn-features")).id;
    const at = (days: number) => new Date(end - days * DAY);
    await t.h.db.insert(endUsers).values({ projectId: p, userId: "f1", plan: "pro", signupAt: at(40), firstSeenAt: at(30), lastSeenAt: at(-3) });
    await t.h.db.insert(events).values([
      { projectId: p, id: "e1", userId: "f1", sessionId: "s1", name: "session_started", timestamp: at(20) },
      { projectId: p, id: "e2", userId: "f1", sessionId: "s1", name: "error", timestamp: at(20) },
      { projectId: p, id: "e3", userId: "f1", sessionId: "s2", name: "feedback", timestamp: at(3), properties: { thumbs: "up" } },
      { projectId: p, id: "e4", userId: "f1", sessionId: "s9", name: "message_sent", timestamp: at(-3) }, // after asOf: label only
      { projectId: p, id: "e5", userId: "f1", sessionId: "s0", name: "message_sent", timestamp: at(29) }, // before the 28-day window
    ]);
    await t.h.db.insert(traces).values({ projectId: p, id: "t1", userId: "f1", sessionId: "s2", timestamp: at(2), level: "ERROR", totalCost: 0.5 });
    await t.h.db.insert(scores).values([
      { projectId: p, id: "sc1", traceId: "t1", name: "thumbs", value: 0, dataType: "boolean", source: "api", timestamp: at(2) },
      { projectId: p, id: "sc2", traceId: "t1", name: "review", value: 0, dataType: "boolean", source: "human", timestamp: at(2) },
    ]);
    await t.h.db.insert(traceSentiment).values({ projectId: p, traceId: "t1", timestamp: at(2), polarity: -0.5, analyzer: "test", observationCount: 0, commentCount: 0, analyzedAt: at(1) });
    await t.h.db.insert(spectrumSessions).values({ projectId: p, id: "sp1", userId: "f1", startedAt: at(1) });
    await t.h.db.insert(spectrumFeedback).values([
      { projectId: p, id: "fb1", sessionId: "sp1", userId: "f1", rating: 1, timestamp: at(1) },
      { projectId: p, id: "fb2", sessionId: "sp1", userId: "f1", rating: 5, timestamp: at(1) },
    ]);
    const [u] = await loadChurnActivity(t.h.db, p, new Date(end), new Date(end + 14 * DAY));
    expect(u).toMatchObject({
      userId: "f1",
      daysSinceLast: 1,
      activeDays: 4, // days 20, 3, 2 and 1 before asOf
      actions: 5, // 3 events, 1 trace, 1 Spectrum session (ratings and scores are not activity)
      actionsLast7: 3,
      actionsPrior21: 2,
      sessions: 3, // s1, s2 (an event and a trace share it) and the Spectrum session sp1
      errors: 2, // an error event and an ERROR trace
      thumbsUp: 1,
      thumbsDown: 1, // the API score; the reviewer's is not the user's
      ratings: 2,
      lowRatings: 1,
      sentiment: -0.5,
      costUsd: 0.5,
      spectrumSessions: 1,
      plan: "pro",
      tenureDays: 40,
      activeAfter: true,
    });
    // Before the outcome window has ended, the label is unknown.
    expect((await loadChurnActivity(t.h.db, p, new Date(end), null))[0].activeAfter).toBeNull();
  });

  test("erasing an end user removes their churn score", async () => {
    const [top] = await t.h.db.select().from(churnScores).where(eq(churnScores.projectId, t.org.project.id)).limit(1);
    await deleteEndUser(t.h.db, t.org.project.id, top.userId);
    expect(await t.h.db.select().from(churnScores).where(and(eq(churnScores.projectId, t.org.project.id), eq(churnScores.userId, top.userId)))).toEqual([]);
  });
});
