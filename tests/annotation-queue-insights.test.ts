// Generated Spectrum insights in annotation queues, through the real route handlers and database: a blinded queue with
// the insight rubric, a random sample of stored insights, review items that show the facts and the text but no user,
// prompt version or model, rubric scores checked and kept on the item with the version that wrote the insight, the
// summary per prompt version with the validator's override ratio, bad input, another project, roles, erasure.
import { beforeAll, describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, seededDatabase, seedOrg } from "./support/fixtures";
import { queueRoutes } from "./support/annotation-queues";
import { annotationQueueItems, spectrumInsights } from "@/db/schema";
import { seedSpectrumDemo } from "@/lib/demo/spectrum";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";
import { generatePeriodInsight } from "@/lib/spectrum/store/insights";
import { INSIGHT_RUBRIC } from "@/lib/evaluation/review/insight-rubric";
import { estimateShare } from "@/lib/primitives/proportion";

const t = seededDatabase();
const { createQueue, addItems, next, review, summary } = queueRoutes(() => t.org.apiKey.secretKey);

let insights: { id: string; userId: string; text: string; kind: string; model: string }[] = [];

beforeAll(async () => {
  // Five demo users with 13 weeks of conversations: their finished weeks and months carry validated insights.
  await seedSpectrumDemo(t.h.db, t.org.project.id, new Date("2026-11-23T00:00:00Z"));
  // As if a second model had written user_0002's weekly insights (only the model name changes).
  await t.h.db.update(spectrumInsights).set({ model: "other-model" }).where(and(eq(spectrumInsights.projectId, t.org.project.id), eq(spectrumInsights.userId, "user_0002"), eq(spectrumInsights.kind, "weekly")));
  insights = await t.h.db
    .select({ id: spectrumInsights.id, userId: spectrumInsights.userId, text: spectrumInsights.text, kind: spectrumInsights.kind, model: spectrumInsights.model })
    .from(spectrumInsights)
    .where(eq(spectrumInsights.projectId, t.org.project.id));
  expect(insights.length).toBeGreaterThan(40);
});

describe("Spectrum insights in annotation queues", () => {
  test("a blinded rubric queue: a random sample, items without user, version or model, rubric scores, summary per version", async () => {
    const q = await createQueue({ name: "insight quality", blinded: true, scoreConfigs: INSIGHT_RUBRIC });
    expect(q.status, JSON.stringify(q.json)).toBe(201);
    expect(q.json.scoreConfigs[0].description).toMatch(/^Every statement matches the facts/);
    const qid = q.json.id;

    const sampled = await addItems(qid, { insightSample: { size: 12, kind: "weekly" } });
    expect(sampled.json).toEqual({ added: 12, alreadyQueued: 0 });
    const queued = await t.h.db.select({ insightId: annotationQueueItems.insightId }).from(annotationQueueItems).where(eq(annotationQueueItems.queueId, qid));
    const byId = new Map(insights.map((i) => [i.id, i]));
    expect(queued.every((r) => byId.get(r.insightId!)?.kind === "weekly")).toBe(true);
    // A random sample across users, not the first rows of one.
    expect(new Set(queued.map((r) => byId.get(r.insightId!)!.userId)).size).toBeGreaterThan(2);
    // Sampling again draws only insights not queued yet.
    expect((await addItems(qid, { insightSample: { size: 3, kind: "weekly" } })).json).toEqual({ added: 3, alreadyQueued: 0 });
    const named = queued[0].insightId!;
    expect((await addItems(qid, { insightIds: [named] })).json).toEqual({ added: 0, alreadyQueued: 1 });
    // Two of the "other" model's insights by id, so both versions are reviewed whatever the sample drew.
    const others = insights.filter((i) => i.model === "other-model").slice(0, 2).map((i) => i.id);
    const addedOthers = (await addItems(qid, { insightIds: others })).json;
    expect(addedOthers.added + addedOthers.alreadyQueued).toBe(2);
    const total = 15 + addedOthers.added;

    const first = await next(qid, { as: t.org.users.analyst.id });
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    const item = first.json.item;
    expect(Object.keys(item).sort()).toEqual(["id", "input", "kind", "output"]);
    expect(item.kind).toBe("insight");
    // The facts the prompt saw: numbers and labels only.
    expect(item.input).toMatchObject({ sessionCount: expect.any(Number), toneWord: expect.any(String), topEmotions: expect.any(String) });
    expect(insights.some((i) => i.text === item.output)).toBe(true);
    expect(JSON.stringify(first.json)).not.toMatch(/user_000\d|spectrum-weekly|local|other-model|"v1"/);

    // Review every queued insight: fail user_0002's (the "other" model) on faithfulness, pass the rest.
    const itemRows = await t.h.db.select({ id: annotationQueueItems.id, insightId: annotationQueueItems.insightId }).from(annotationQueueItems).where(eq(annotationQueueItems.queueId, qid));
    const userOfItem = new Map(itemRows.map((r) => [r.id, byId.get(r.insightId!)!]));
    let expectedOther = 0;
    for (let i = 0; i < itemRows.length; i++) {
      const n = (await next(qid, { as: t.org.users.analyst.id })).json.item;
      const other = userOfItem.get(n.id)!.model === "other-model";
      if (other) expectedOther++;
      const res = await review(qid, n.id, { scores: { faithful: other ? 2 : 4, supportive: 5, clear: 4, safe: true } }, { as: t.org.users.analyst.id });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
    }
    expect((await next(qid)).json.item).toBeNull();
    const [done] = await t.h.db.select().from(annotationQueueItems).where(eq(annotationQueueItems.queueId, qid)).limit(1);
    expect(done.reviewScores).toEqual(expect.arrayContaining([{ name: "safe", value: 1, stringValue: "true", dataType: "boolean" }]));
    expect(done.reviewContext).toMatchObject({ promptName: "spectrum-weekly", promptVersion: "v1" });

    const s = await summary(qid, { as: t.org.users.viewer.id });
    expect(s.status).toBe(200);
    expect(expectedOther).toBeGreaterThanOrEqual(2);
    expect(s.json.progress).toEqual({ done: total, total });
    expect(s.json.insights).toMatchObject({ reviewed: total, judged: total, overridden: expectedOther });
    expect(s.json.insights.overrideRatio).toBeCloseTo(expectedOther / total, 12);
    const models = s.json.insights.byVersion.map((g: { model: string; n: number }) => [g.model, g.n]);
    expect(models.reduce((sum: number, [, n]: [string, number]) => sum + n, 0)).toBe(total);
    const other = s.json.insights.byVersion.find((g: { model: string }) => g.model === "other-model");
    expect(other).toMatchObject({ promptName: "spectrum-weekly", promptVersion: "v1", n: expectedOther, pass: JSON.parse(JSON.stringify(estimateShare(0, expectedOther))) });
    expect(other.means.find((m: { name: string }) => m.name === "faithful")).toEqual({ name: "faithful", n: expectedOther, mean: 2 });
    const local = s.json.insights.byVersion.find((g: { model: string }) => g.model !== "other-model");
    expect(local).toMatchObject({ n: total - expectedOther, pass: { successes: total - expectedOther, share: 1 } });
    // Insights have no judge score on a trace: the trace override ratio stays empty.
    expect(s.json.overrides).toMatchObject({ comparedItems: 0, ratio: null });
  });

  test("unblinded: the period, prompt version, model and provider are shown, still no user; scores are checked against the rubric", async () => {
    const q = await createQueue({ name: "insight open", scoreConfigs: INSIGHT_RUBRIC });
    const monthly = insights.find((i) => i.kind === "monthly")!;
    expect((await addItems(q.json.id, { insightIds: [monthly.id] })).json).toEqual({ added: 1, alreadyQueued: 0 });
    const n = (await next(q.json.id)).json;
    expect(n.item).toMatchObject({ kind: "insight", output: monthly.text, insight: { kind: "monthly", promptName: "spectrum-monthly", promptVersion: "v1", model: monthly.model } });
    expect(n.item.insight.periodKey).toMatch(/^\d{4}-\d{2}$/);
    expect(JSON.stringify(n)).not.toContain(monthly.userId);
    const bad = await review(q.json.id, n.item.id, { scores: { faithful: 6 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/scores\.faithful: must be a number from 1 to 5/);
    expect((await next(q.json.id)).json.progress).toEqual({ done: 0, total: 1 });
  });

  test("bad input changes nothing; another project's insights are a 404; viewers may not queue; erasure removes the items", async () => {
    const qid = (await createQueue({ name: "insight guard", scoreConfigs: [{ type: "boolean", name: "safe" }] })).json.id;
    const missing = await addItems(qid, { insightIds: [insights[0].id, "00000000-0000-4000-8000-000000000000"] });
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toMatch(/No insight 00000000-0000-4000-8000-000000000000/);
    expect((await addItems(qid, { insightIds: ["not-a-uuid"] })).status).toBe(400);
    expect((await addItems(qid, { insightSample: { size: 0 } })).status).toBe(400);
    expect((await addItems(qid, { insightSample: { size: 5, kind: "daily" } })).status).toBe(400);
    expect(await t.h.db.select().from(annotationQueueItems).where(eq(annotationQueueItems.queueId, qid))).toEqual([]);

    const other = await seedOrg(t.h.db);
    const otherKey = { headers: bearer(other.apiKey.secretKey) };
    const otherQueue = (await createQueue({ name: "theirs", scoreConfigs: [{ type: "boolean", name: "safe" }] }, otherKey)).json.id;
    expect((await addItems(otherQueue, { insightIds: [insights[0].id] }, otherKey)).status).toBe(404);
    // Their sample draws from their own project, which has no insights.
    expect((await addItems(otherQueue, { insightSample: { size: 5 } }, otherKey)).json).toEqual({ added: 0, alreadyQueued: 0 });
    expect((await addItems(qid, { insightSample: { size: 2 } }, { as: t.org.users.viewer.id })).status).toBe(403);

    const mine = insights.filter((i) => i.userId === "user_0005").map((i) => i.id);
    expect((await addItems(qid, { insightIds: mine })).json.added).toBe(mine.length);
    await deleteEndUser(t.h.db, t.org.project.id, "user_0005");
    expect(await t.h.db.select().from(annotationQueueItems).where(eq(annotationQueueItems.queueId, qid))).toEqual([]);
  });

  test("an insight regenerated for its period (an exclusion's recompute) keeps its queue items: the review done stays with its scores and version, the pending one shows the new text", async () => {
    const pid = t.org.project.id;
    const weeks = await t.h.db
      .select({ id: spectrumInsights.id, periodStart: spectrumInsights.periodStart, createdAt: spectrumInsights.createdAt })
      .from(spectrumInsights)
      .where(and(eq(spectrumInsights.projectId, pid), eq(spectrumInsights.userId, "user_0003"), eq(spectrumInsights.kind, "weekly")))
      .orderBy(spectrumInsights.periodStart);
    const [reviewed, pending] = weeks.slice(-2);
    const qid = (await createQueue({ name: "insight regenerated", scoreConfigs: INSIGHT_RUBRIC })).json.id;
    expect((await addItems(qid, { insightIds: [reviewed.id, pending.id] })).json).toEqual({ added: 2, alreadyQueued: 0 });
    const first = (await next(qid)).json.item;
    const scores = { faithful: 4, supportive: 4, clear: 5, safe: true };
    expect((await review(qid, first.id, { scores }, { as: t.org.users.analyst.id })).status).toBe(201);
    const before = await t.h.db.select().from(annotationQueueItems).where(eq(annotationQueueItems.queueId, qid)).orderBy(annotationQueueItems.seq);

    // Both periods written again (what recomputeUserFrom does after an exclusion or a late session).
    for (const w of [reviewed, pending]) expect(await generatePeriodInsight(t.h.db, pid, "user_0003", "week", w.periodStart)).not.toBeNull();

    const after = await t.h.db.select({ id: spectrumInsights.id, createdAt: spectrumInsights.createdAt, text: spectrumInsights.text }).from(spectrumInsights).where(eq(spectrumInsights.id, pending.id));
    expect(after).toHaveLength(1);
    expect(after[0].createdAt.getTime()).toBeGreaterThan(pending.createdAt.getTime());
    const items = await t.h.db.select().from(annotationQueueItems).where(eq(annotationQueueItems.queueId, qid)).orderBy(annotationQueueItems.seq);
    expect(items).toEqual(before);
    const done = items.find((i) => i.status === "done")!;
    expect(done.reviewScores).toEqual(expect.arrayContaining([expect.objectContaining({ name: "faithful", value: 4 })]));
    expect(done.reviewContext).toMatchObject({ promptName: "spectrum-weekly", promptVersion: "v1" });
    const left = (await next(qid)).json;
    expect(left.progress).toEqual({ done: 1, total: 2 });
    const stillPending = items.find((i) => i.status === "pending")!;
    const regenerated = await t.h.db.select({ text: spectrumInsights.text }).from(spectrumInsights).where(eq(spectrumInsights.id, stillPending.insightId!));
    expect(left.item).toMatchObject({ id: stillPending.id, output: regenerated[0].text });
  });
});
