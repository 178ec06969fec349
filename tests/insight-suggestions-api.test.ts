// Insight suggestions through the real job, route handlers and database, on generated traces where the answer is
// known: a prompt version planted to lower helpfulness, a model 5x cheaper with the same scores, and a tool whose
// failures are followed by negative sentiment. Listing, feedback (bad verdict, other project, audit), the weekly
// summary and idempotence of the job.
import { beforeAll, describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg, type SeededOrg } from "./support/fixtures";
import { auditLog, insightSuggestionFeedback, insightSuggestions, observations, scores, traces, traceSentiment } from "@/db/schema";
import type { Db } from "@/db/client";
import * as list from "@/app/api/v1/insights/suggestions/route";
import * as feedback from "@/app/api/v1/insights/suggestions/[id]/feedback/route";
import * as summary from "@/app/api/v1/insights/suggestions/summary/route";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { insightsSuggestions, INSIGHTS_SUGGESTIONS_REQUESTED } from "@/inngest/functions/insights-suggestions";
import { createRandom } from "@/lib/primitives/random";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const DAY = 86_400_000;
const now = new Date(Date.UTC(2026, 10, 30, 12));
let other: SeededOrg;

/** 600 support-chat traces over 24 days: prompt v2 from day 12 on lowers helpfulness; the model is a coin flip. */
async function seedTraces(db: Db, projectId: string) {
  const rnd = createRandom(99);
  const tr = [];
  const obs = [];
  const sc = [];
  const sent = [];
  for (let i = 0; i < 600; i++) {
    const at = new Date(now.getTime() - 24 * DAY + Math.floor((i / 600) * 24 * DAY));
    const v2 = at.getTime() >= now.getTime() - 12 * DAY;
    const cheap = rnd.chance(0.5);
    const toolFailed = rnd.chance(0.2);
    const id = `tr-${i}`;
    tr.push({ projectId, id, name: "support-chat", timestamp: at, sessionId: `s-${i}`, totalCost: cheap ? 0.002 : 0.01, metadata: { promptVersion: v2 ? "support-v2" : "support-v1" } });
    obs.push({ projectId, traceId: id, id: `${id}-gen`, type: "generation" as const, name: "answer", startTime: at, model: cheap ? "small-model" : "large-model" });
    obs.push({ projectId, traceId: id, id: `${id}-tool`, type: "tool" as const, name: "run_sql", startTime: at, level: toolFailed ? ("ERROR" as const) : ("DEFAULT" as const) });
    const helpfulness = Math.min(1, Math.max(0, (v2 ? 0.55 : 0.8) + (rnd.next() - 0.5) * 0.3));
    sc.push({ projectId, id: `${id}-h`, traceId: id, name: "helpfulness", value: helpfulness, dataType: "numeric" as const, source: "llm_judge" as const, timestamp: at });
    const negative = rnd.chance(toolFailed ? 0.6 : 0.1);
    sent.push({ projectId, traceId: id, timestamp: at, polarity: negative ? -0.6 : 0.2, label: negative ? ("negative" as const) : ("positive" as const), textCount: 1, analyzer: "test", observationCount: 2, commentCount: 0, analyzedAt: at });
  }
  await db.insert(traces).values(tr);
  await db.insert(observations).values(obs);
  await db.insert(scores).values(sc);
  await db.insert(traceSentiment).values(sent);
}

async function runJob(id: string, projectId?: string) {
  const runner = new EmbeddedRunner(t.h.db, [insightsSuggestions], { log: () => {} });
  await runner.send({ name: INSIGHTS_SUGGESTIONS_REQUESTED, data: { ...(projectId ? { projectId } : {}), now: now.toISOString() }, id });
  await runner.drain();
}

const rowsOf = (projectId: string) => t.h.db.select().from(insightSuggestions).where(eq(insightSuggestions.projectId, projectId));

beforeAll(async () => {
  await seedTraces(t.h.db, t.org.project.id);
  other = await seedOrg(t.h.db);
  await seedTraces(t.h.db, other.project.id);
}, 120_000);

describe("insight suggestions", () => {
  test("the daily job finds exactly the planted findings, with their numbers; viewers and the API key read them", async () => {
    await runJob("daily-1");
    const res = await call(list.GET, "/api/v1/insights/suggestions", { headers: key() });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const byRule = Object.fromEntries(res.json.data.map((s: { rule: string }) => [s.rule, s]));
    expect(Object.keys(byRule).sort()).toEqual(["cheaper-model", "error-sentiment", "prompt-regression"]);
    expect(byRule["prompt-regression"]).toMatchObject({ key: "prompt-regression:support-chat:support-v1->support-v2:helpfulness", status: "open", evidence: { version: "support-v2", previousVersion: "support-v1" } });
    expect(byRule["prompt-regression"].evidence.diff).toBeCloseTo(-0.25, 1);
    expect(byRule["prompt-regression"].evidence.pValue).toBeLessThan(0.001);
    expect(byRule["cheaper-model"]).toMatchObject({ key: "cheaper-model:support-chat:large-model->small-model", evidence: { costPerTrace: 0.01, cheaperCostPerTrace: 0.002 } });
    expect(byRule["error-sentiment"]).toMatchObject({ key: "error-sentiment:run_sql" });
    expect(byRule["error-sentiment"].evidence.negativeShareAfterFailure).toBeGreaterThan(0.45);
    const viewer = await call(list.GET, "/api/v1/insights/suggestions", { as: t.org.users.viewer.id });
    expect(viewer.json.data).toHaveLength(3);
    // The other project's run (the job went over every project) found its own copies, not these.
    expect(await rowsOf(other.project.id)).toHaveLength(3);
  }, 60_000);

  test("running the job again updates in place: no duplicates, same ids", async () => {
    const before = (await rowsOf(t.org.project.id)).map((r) => r.id).sort();
    await runJob("again-1", t.org.project.id);
    await runJob("again-2", t.org.project.id);
    expect((await rowsOf(t.org.project.id)).map((r) => r.id).sort()).toEqual(before);
  }, 60_000);

  test("feedback: a bad verdict is a 400 that changes nothing, a viewer is refused, another project's id is a 404", async () => {
    const [mine] = await rowsOf(t.org.project.id);
    const [theirs] = await rowsOf(other.project.id);
    const bad = await call(feedback.POST, `/api/v1/insights/suggestions/${mine.id}/feedback`, { method: "POST", as: t.org.users.analyst.id, params: { id: mine.id }, body: { verdict: "great" } });
    expect(bad.status).toBe(400);
    const viewer = await call(feedback.POST, `/api/v1/insights/suggestions/${mine.id}/feedback`, { method: "POST", as: t.org.users.viewer.id, params: { id: mine.id }, body: { verdict: "useful" } });
    expect(viewer.status).toBe(403);
    const foreign = await call(feedback.POST, `/api/v1/insights/suggestions/${theirs.id}/feedback`, { method: "POST", headers: key(), params: { id: theirs.id }, body: { verdict: "useful" } });
    expect(foreign.status).toBe(404);
    expect((await rowsOf(other.project.id)).find((r) => r.id === theirs.id)?.status).toBe("open");
    expect((await rowsOf(t.org.project.id)).find((r) => r.id === mine.id)?.status).toBe("open");
    expect(await t.h.db.select().from(insightSuggestionFeedback)).toEqual([]);
  });

  test("verdicts are stored, audited, filter the list, survive a rerun with the same evidence, and feed the weekly share", async () => {
    const rows = await rowsOf(t.org.project.id);
    const byRule = Object.fromEntries(rows.map((r) => [r.rule, r]));
    const give = (id: string, verdict: string, opts: { as?: string; headers?: Record<string, string> }) =>
      call(feedback.POST, `/api/v1/insights/suggestions/${id}/feedback`, { method: "POST", params: { id }, body: { verdict }, ...opts });
    expect((await give(byRule["cheaper-model"].id, "useful", { as: t.org.users.analyst.id })).status).toBe(200);
    expect((await give(byRule["prompt-regression"].id, "done", { headers: key() })).status).toBe(200);
    const res = await give(byRule["error-sentiment"].id, "not_useful", { as: t.org.users.analyst.id });
    expect(res.json.suggestion).toMatchObject({ id: byRule["error-sentiment"].id, status: "not_useful" });
    const audits = await t.h.db.select().from(auditLog).where(and(eq(auditLog.projectId, t.org.project.id), eq(auditLog.targetType, "insight_suggestion")));
    expect(audits.map((a) => a.action).sort()).toEqual(["insight_suggestion.done", "insight_suggestion.not_useful", "insight_suggestion.useful"]);
    expect(audits.find((a) => a.action === "insight_suggestion.useful")?.actorUserId).toBe(t.org.users.analyst.id);

    const current = await call(list.GET, "/api/v1/insights/suggestions", { headers: key() });
    expect(current.json.data.map((s: { rule: string }) => s.rule)).toEqual(["cheaper-model"]);
    const closed = await call(list.GET, "/api/v1/insights/suggestions?status=not_useful", { headers: key() });
    expect(closed.json.data.map((s: { rule: string }) => s.rule)).toEqual(["error-sentiment"]);
    expect((await call(list.GET, "/api/v1/insights/suggestions?status=maybe", { headers: key() })).status).toBe(400);

    // Same data, same evidence: nothing re-opens.
    await runJob("after-feedback", t.org.project.id);
    expect(Object.fromEntries((await rowsOf(t.org.project.id)).map((r) => [r.rule, r.status]))).toEqual({ "cheaper-model": "useful", "prompt-regression": "done", "error-sentiment": "not_useful" });

    const s = await call(summary.GET, "/api/v1/insights/suggestions/summary", { as: t.org.users.viewer.id });
    expect(s.status).toBe(200);
    // Done counts as useful: 2 of 3.
    expect(s.json.overall.n).toBe(3);
    expect(s.json.overall.usefulShare).toBeCloseTo(2 / 3, 6);
    expect(s.json.weeks.at(-1)).toMatchObject({ useful: 1, notUseful: 1, done: 1, n: 3 });
  }, 60_000);
});
