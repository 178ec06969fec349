// The Spectrum pipeline end to end: ingest, post-session analysis, weekly insight, reruns, the member's read and
// retention. Each test builds the story it needs in its own organization, so any order (or one test alone) passes.
import { afterEach, describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg, type SeededOrg } from "./support/fixtures";
import { jobRuns, spectrumInsights, spectrumPeriodAggregates, spectrumSessionAggregates, spectrumTurnVectors } from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";
import * as me from "@/app/api/v1/spectrum/me/route";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { spectrumSessionAnalysis } from "@/inngest/functions/spectrum-session-analysis";
import { spectrumWeekly } from "@/inngest/functions/spectrum-weekly";
import { spectrumMonthly } from "@/inngest/functions/spectrum-monthly";
import { SPECTRUM_WEEKLY_REQUESTED } from "@/lib/spectrum/store/period-jobs";
import { setLlmProvider, type LlmProvider } from "@/lib/llm";

const t = seededDatabase();
const jobs = [spectrumSessionAnalysis, spectrumWeekly, spectrumMonthly];
const runner = () => new EmbeddedRunner(t.h.db, jobs, { backoff: { baseMs: 1, maxMs: 2 }, log: () => {} });
afterEach(() => setLlmProvider(null));

const postAs = (org: SeededOrg, batch: unknown[]) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(org.apiKey.secretKey), body: { batch } });
const ts = (iso: string) => ({ timestamp: iso });

function conversation(sessionId: string, userId: string, start: string, texts: string[]) {
  const t0 = Date.parse(start);
  return [
    { id: sessionId, type: "session", ...ts(start), body: { userId, startedAt: start } },
    ...texts.map((text, i) => ({
      id: `${sessionId}-t${i}`,
      type: "turn",
      ...ts(new Date(t0 + i * 60_000).toISOString()),
      body: { sessionId, userId, role: i % 2 === 0 ? "user" : "assistant", text },
    })),
  ];
}

/** The "session ended" item re-sends the session id (a later batch completes it). */
function ended(sessionId: string, userId: string, start: string) {
  return [{ id: sessionId, type: "session", ...ts(start), body: { userId, startedAt: start, endedAt: new Date(Date.parse(start) + 600_000).toISOString() } }];
}

/** end_user_1's two conversations of 2026-W45 (s-1 worried then calmer, s-2 frustrated then thankful), both ended. */
async function ingestStory(org: SeededOrg) {
  await postAs(org, conversation("s-1", "end_user_1", "2026-11-03T10:00:00Z", ["I'm really worried about the deadline and nervous.", "Let's plan it step by step.", "Thanks, that helped, I feel calmer now."]));
  await postAs(org, conversation("s-2", "end_user_1", "2026-11-05T10:00:00Z", ["This is so frustrating, it keeps breaking.", "A common cause is a missing setting.", "Great, it works now, thank you!"]));
  await postAs(org, [...ended("s-1", "end_user_1", "2026-11-03T10:00:00Z"), ...ended("s-2", "end_user_1", "2026-11-05T10:00:00Z")]);
}

/** The weekly job of 2026-W45 for a project (the first run of its key). */
const weeklyOf = (org: SeededOrg) => ({ name: SPECTRUM_WEEKLY_REQUESTED, data: { projectId: org.project.id, periodAnchor: "2026-11-04T00:00:00Z" } });

/** A fresh organization whose story has run: both sessions analysed and the weekly insight of 2026-W45 stored. */
async function analysedStory() {
  const org = await seedOrg(t.h.db);
  await ingestStory(org);
  const r = runner();
  await r.drain();
  await r.send(weeklyOf(org));
  await r.drain();
  return org;
}

describe("ingest -> post-session analysis -> weekly insight", () => {
  test("session, turn and feedback items are validated per item and idempotent", async () => {
    const res = await postAs(t.org, [
      { id: "s-a", type: "session", timestamp: "2026-11-02T09:00:00Z", body: { userId: "end_user_1" } },
      { id: "t-bad", type: "turn", timestamp: "2026-11-02T09:00:00Z", body: { sessionId: "s-a", userId: "end_user_1", role: "robot", text: "hi" } },
      { id: "t-orphan", type: "turn", timestamp: "2026-11-02T09:00:00Z", body: { sessionId: "nope", userId: "end_user_1", role: "user", text: "hi" } },
      { id: "f-1", type: "feedback", timestamp: "2026-11-02T09:05:00Z", body: { sessionId: "s-a", userId: "end_user_1", rating: 5 } },
    ]);
    expect(res.status).toBe(207);
    expect(res.json.successes).toEqual([{ id: "s-a" }, { id: "f-1" }]);
    expect(res.json.errors.map((e: { id: string; status: number }) => [e.id, e.status])).toEqual([["t-bad", 400], ["t-orphan", 422]]);
    expect(res.json.errors[0].message).toMatch(/^body\.role:/);
  });

  test("a completed session is analysed by the job; the weekly job stores a validated insight with prompt version and model", async () => {
    const org = await seedOrg(t.h.db);
    await ingestStory(org);
    const r = runner();
    await r.drain();
    const aggs = await t.h.db.select().from(spectrumSessionAggregates).where(eq(spectrumSessionAggregates.projectId, org.project.id));
    expect(aggs.map((a) => a.sessionId).sort()).toEqual(["s-1", "s-2"]);
    expect(aggs.find((a) => a.sessionId === "s-1")!.analysisVersion).toBe("lexicon-v1+session-v1");
    const vectors = await t.h.db.select().from(spectrumTurnVectors).where(and(eq(spectrumTurnVectors.projectId, org.project.id), eq(spectrumTurnVectors.sessionId, "s-1")));
    expect(vectors).toHaveLength(3);
    expect(vectors.find((v) => v.role === "assistant")!.impact).toMatchObject({ measurable: true });

    await r.send(weeklyOf(org));
    await r.drain();
    const insights = await t.h.db.select().from(spectrumInsights).where(eq(spectrumInsights.projectId, org.project.id));
    expect(insights).toHaveLength(1);
    expect(insights[0]).toMatchObject({ kind: "weekly", periodKey: "2026-W45", promptName: "spectrum-weekly", promptVersion: "v1", provider: "local", costUsd: 0 });
    expect(insights[0].model).toMatch(/^template-/);
    expect(insights[0].text).toMatch(/2 conversations/);
    expect(insights[0].validation).toMatchObject({ ok: true });
  });

  test("rerunning a period replaces its outputs exactly; a replayed key does nothing", async () => {
    const org = await analysedStory();
    const before = await t.h.db.select().from(spectrumInsights).where(eq(spectrumInsights.projectId, org.project.id));
    const r = runner();
    const again = await r.send(weeklyOf(org));
    expect(again[0].created).toBe(false);
    // A forced rerun (another user-scoped key) recomputes and replaces, never duplicates.
    await r.send({ name: SPECTRUM_WEEKLY_REQUESTED, data: { projectId: org.project.id, userId: "end_user_1", periodAnchor: "2026-11-06T00:00:00Z" } });
    await r.drain();
    const after = await t.h.db.select().from(spectrumInsights).where(eq(spectrumInsights.projectId, org.project.id));
    expect(after).toHaveLength(1);
    expect(after[0].text).toBe(before[0].text);
    // Upserted per (user, kind, period): same row, rewritten.
    expect(after[0].id).toBe(before[0].id);
    expect(after[0].createdAt.getTime()).toBeGreaterThan(before[0].createdAt.getTime());
    const weeks = await t.h.db
      .select()
      .from(spectrumPeriodAggregates)
      .where(and(eq(spectrumPeriodAggregates.projectId, org.project.id), eq(spectrumPeriodAggregates.granularity, "week")));
    expect(weeks).toHaveLength(1);
    expect(weeks[0].sessionCount).toBe(2);
  });

  test("a provider whose texts always fail validation: retried with other wordings, then the run dead-letters", async () => {
    const org = await analysedStory();
    let calls = 0;
    const clinical: LlmProvider = {
      id: "bad",
      async generate(req) {
        calls++;
        return { text: `Variant ${req.variant}: you seem to have depression symptoms.`, provider: "bad", model: "bad-1", inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0 };
      },
    };
    setLlmProvider(clinical);
    const r = runner();
    const [run] = await r.send({ name: SPECTRUM_WEEKLY_REQUESTED, data: { projectId: org.project.id, userId: "end_user_1", periodAnchor: "2026-11-04T12:00:00Z", rerun: "bad-provider" } });
    await r.drain();
    const [ledger] = await t.h.db.select().from(jobRuns).where(eq(jobRuns.id, run.runId));
    expect(ledger).toMatchObject({ status: "dead", attempts: spectrumWeekly.retries + 1 });
    expect(ledger.lastError).toMatch(/tone\.clinical-label/);
    expect(calls).toBe(3 * (spectrumWeekly.retries + 1));
    // The earlier, valid insight is untouched.
    expect(await t.h.db.select().from(spectrumInsights).where(eq(spectrumInsights.projectId, org.project.id))).toHaveLength(1);
  });

  test("the member reads their own overview (landscape, feed) through the session route", async () => {
    const org = await analysedStory();
    const res = await call(me.GET, "/api/v1/spectrum/me", { as: org.users.member.id });
    expect(res.status).toBe(200);
    expect(res.json.userId).toBe("end_user_1");
    expect(res.json.weeks).toHaveLength(1);
    expect(res.json.weeks[0]).toMatchObject({ periodKey: "2026-W45", sessionCount: 2 });
    expect(res.json.feed[0].text).toMatch(/2 conversations/);
    expect(res.json.sessions.map((s: { id: string }) => s.id)).toEqual(["s-2", "s-1"]);
  });
});

test("retention trims raw turn text but keeps the derived, text-free analysis", async () => {
  const { enforceRetention } = await import("@/lib/retention/store/enforce");
  const { spectrumTurns } = await import("@/db/schema");
  const org = await analysedStory();
  const results = await enforceRetention(t.h.db, new Date("2027-06-01T00:00:00Z"));
  expect(results.find((r) => r.projectId === org.project.id)!.deleted.spectrum_turns).toBeGreaterThan(0);
  expect(await t.h.db.select().from(spectrumTurns).where(eq(spectrumTurns.projectId, org.project.id))).toEqual([]);
  expect((await t.h.db.select().from(spectrumSessionAggregates).where(eq(spectrumSessionAggregates.projectId, org.project.id))).length).toBe(2);
});
