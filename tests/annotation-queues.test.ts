// Annotation queues through the real route handlers and database: create a queue with score configs, add traces,
// take the next item (blinded queues hide model, version, trace and prompt names and shuffle per reviewer), review
// it (scores with source "annotation"), progress, the override ratio against judge scores, bad input changes
// nothing, another project's queue is a 404, roles, and end-user erasure of queued traces.
import { beforeAll, describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { queueRoutes } from "./support/annotation-queues";
import { annotationQueueItems, scores } from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";
import * as datasetsRoute from "@/app/api/v1/datasets/route";
import * as datasetItemsRoute from "@/app/api/v1/dataset-items/route";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const base = "2026-11-20T10:00:00.000Z";
const at = (s: number) => new Date(Date.parse(base) + s * 1000).toISOString();
const ids = Array.from({ length: 8 }, (_, i) => `rv-${i}`);

const { list, createQueue, addItems, next, review, summary } = queueRoutes(() => t.org.apiKey.secretKey);

const configs = [
  { type: "numeric", name: "helpfulness", min: 1, max: 5 },
  { type: "categorical", name: "tone", categories: ["friendly", "neutral", "rude"] },
  { type: "boolean", name: "correct" },
];

beforeAll(async () => {
  const batch = ids.flatMap((id, i) => [
    { id, type: "trace-create", timestamp: at(i), body: { name: "support-chat", timestamp: at(i), userId: i === 7 ? "erase-me" : "u1", release: "r-42", metadata: { prompt: { name: "support-answer", version: 3 } } } },
    { id: `${id}-gen`, type: "observation-create", timestamp: at(i), body: { traceId: id, type: "generation", name: "answer", model: "gpt-4o-mini", startTime: at(i), endTime: at(i + 1), input: `question ${i}`, output: `answer ${i}` } },
    // Judge scores the reviewers will be compared with: helpfulness 0.9 (pass) and correct true on every trace.
    { id: `${id}-judge-help`, type: "score-create", timestamp: at(i), body: { traceId: id, name: "helpfulness", value: 0.9, source: "llm_judge" } },
    { id: `${id}-judge-correct`, type: "score-create", timestamp: at(i), body: { traceId: id, name: "correct", value: true, source: "llm_judge" } },
  ]);
  const res = await call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: key(), body: { batch } });
  expect(res.json.errors).toEqual([]);
});

describe("annotation queues", () => {
  test("create, add traces, take the next item with its context, review it; progress and override ratio", async () => {
    const q = await createQueue({ name: "support review", scoreConfigs: configs });
    expect(q.status, JSON.stringify(q.json)).toBe(201);
    const qid = q.json.id;
    const added = await addItems(qid, { traceIds: ids.slice(0, 4) });
    expect(added.json).toEqual({ added: 4, alreadyQueued: 0 });
    expect((await addItems(qid, { traceIds: ids.slice(0, 2) })).json).toEqual({ added: 0, alreadyQueued: 2 });

    const n = await next(qid, { as: t.org.users.analyst.id });
    expect(n.status, JSON.stringify(n.json)).toBe(200);
    expect(n.json.progress).toEqual({ done: 0, total: 4 });
    expect(n.json.item).toMatchObject({ traceId: "rv-0", input: "question 0", output: "answer 0", context: { traceName: "support-chat", models: ["gpt-4o-mini"], release: "r-42", prompt: { name: "support-answer", version: "3" } } });

    // The reviewer disagrees with the judge on rv-0 (helpfulness 1 of 5 = fail; judge 0.9 = pass), agrees on rv-1.
    const r0 = await review(qid, n.json.item.id, { scores: { helpfulness: 1, tone: "rude", correct: true }, comment: "unhelpful" }, { as: t.org.users.analyst.id });
    expect(r0.status, JSON.stringify(r0.json)).toBe(201);
    expect(r0.json.progress).toEqual({ done: 1, total: 4 });
    const stored = await t.h.db.select().from(scores).where(and(eq(scores.traceId, "rv-0"), eq(scores.source, "annotation")));
    expect(stored.map((s) => [s.name, s.value, s.stringValue, s.dataType, s.authorUserId, s.comment]).sort()).toEqual([
      ["correct", 1, "true", "boolean", t.org.users.analyst.id, "unhelpful"],
      ["helpfulness", 1, null, "numeric", t.org.users.analyst.id, "unhelpful"],
      ["tone", 2, "rude", "categorical", t.org.users.analyst.id, "unhelpful"],
    ]);
    expect((await review(qid, n.json.item.id, { scores: { correct: true } })).status).toBe(409);

    const n1 = await next(qid);
    expect(n1.json.item.traceId).toBe("rv-1");
    // Skipping moves on without reviewing.
    expect((await next(qid, undefined, `?skip=${n1.json.item.id}`)).json.item.traceId).toBe("rv-2");
    expect((await review(qid, n1.json.item.id, { scores: { helpfulness: 5, correct: true } })).status).toBe(201);

    const s = await summary(qid, { as: t.org.users.viewer.id });
    expect(s.status).toBe(200);
    expect(s.json.progress).toEqual({ done: 2, total: 4 });
    expect(s.json.overrides).toMatchObject({ comparedItems: 2, overriddenItems: 1, ratio: 0.5 });
    expect(s.json.overrides.perScore).toEqual([
      { name: "correct", n: 2, agreement: 1, kappa: null },
      { name: "helpfulness", n: 2, agreement: 0.5, kappa: 0 },
    ]);
    const listed = (await list()).json.data;
    expect(listed.find((x: { id: string }) => x.id === qid)).toMatchObject({ name: "support review", done: 2, total: 4 });
  });

  test("a blinded queue hides model, version, trace and prompt names, and each reviewer gets their own stable order", async () => {
    const q = await createQueue({ name: "blind", scoreConfigs: [{ type: "boolean", name: "good" }], blinded: true });
    const qid = q.json.id;
    await addItems(qid, { traceIds: ids.slice(0, 6) });
    const a = await next(qid, { as: t.org.users.analyst.id });
    expect(Object.keys(a.json.item).sort()).toEqual(["id", "input", "kind", "output"]);
    expect(JSON.stringify(a.json)).not.toMatch(/gpt-4o-mini|support-answer|support-chat|r-42|rv-\d/);
    const orderOf = async (as: string) => {
      const seen: string[] = [];
      const outputs: string[] = [];
      for (let i = 0; i < 6; i++) {
        const item = (await next(qid, { as }, seen.length ? `?skip=${seen.join(",")}` : "")).json.item;
        seen.push(item.id);
        outputs.push(item.output);
      }
      return outputs;
    };
    const analyst = await orderOf(t.org.users.analyst.id);
    expect(await orderOf(t.org.users.analyst.id)).toEqual(analyst);
    const admin = await orderOf(t.org.users.admin.id);
    expect([...admin].sort()).toEqual([...analyst].sort());
    expect(admin).not.toEqual(analyst);
    expect(analyst).not.toEqual(ids.slice(0, 6).map((_, i) => `answer ${i}`));
  });

  test("items assigned to a reviewer come to them first and not to others", async () => {
    const q = await createQueue({ name: "assigned", scoreConfigs: [{ type: "boolean", name: "good" }] });
    await addItems(q.json.id, { traceIds: ["rv-5"] });
    await addItems(q.json.id, { traceIds: ["rv-6"], assigneeId: t.org.users.admin.id });
    expect((await next(q.json.id, { as: t.org.users.admin.id })).json.item.traceId).toBe("rv-6");
    const analyst = await next(q.json.id, { as: t.org.users.analyst.id });
    expect(analyst.json.item.traceId).toBe("rv-5");
    expect(analyst.json.remaining).toBe(1);
  });

  test("bad input is a 400/404 naming the problem and changes nothing", async () => {
    const before = (await list()).json.data.length;
    expect((await createQueue({ name: "x", scoreConfigs: [] })).status).toBe(400);
    expect((await createQueue({ name: "x", scoreConfigs: [{ type: "numeric", name: "a", min: 5, max: 1 }] })).status).toBe(400);
    expect((await createQueue({ name: "x", scoreConfigs: [{ type: "categorical", name: "a", categories: ["only"] }] })).status).toBe(400);
    expect((await createQueue({ name: "support review", scoreConfigs: configs })).status).toBe(409);
    expect((await list()).json.data.length).toBe(before);

    const q = await createQueue({ name: "strict", scoreConfigs: configs });
    const qid = q.json.id;
    const missing = await addItems(qid, { traceIds: ["rv-0", "no-such-trace"] });
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toMatch(/no-such-trace/);
    expect((await addItems(qid, { traceIds: [] })).status).toBe(400);
    expect((await addItems(qid, { traceIds: ["rv-0"], assigneeId: "00000000-0000-4000-8000-000000000000" })).status).toBe(422);
    expect((await t.h.db.select().from(annotationQueueItems).where(eq(annotationQueueItems.queueId, qid)))).toEqual([]);

    await addItems(qid, { traceIds: ["rv-3"] });
    const item = (await next(qid)).json.item;
    const before2 = (await t.h.db.select().from(scores).where(eq(scores.source, "annotation"))).length;
    for (const [body, message] of [
      [{ scores: { helpfulness: 9 } }, /scores\.helpfulness: must be a number from 1 to 5/],
      [{ scores: { tone: "angry" } }, /scores\.tone: must be one of friendly, neutral, rude/],
      [{ scores: { correct: "yes" } }, /scores\.correct: must be true or false/],
      [{ scores: { unknown: 1 } }, /scores\.unknown: not a score of this queue/],
      [{ scores: {} }, /at least one score/],
    ] as const) {
      const res = await review(qid, item.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.message).toMatch(message);
    }
    expect((await t.h.db.select().from(scores).where(eq(scores.source, "annotation"))).length).toBe(before2);
    expect((await next(qid)).json.progress).toEqual({ done: 0, total: 1 });
    expect((await review(qid, "00000000-0000-4000-8000-000000000000", { scores: { correct: true } })).status).toBe(404);
  });

  test("another project's queue is a 404; viewers read but may not review; erasing an end user removes their items", async () => {
    const qid = (await list()).json.data.find((q: { name: string }) => q.name === "support review").id;
    const other = await seedOrg(t.h.db);
    const otherKey = { headers: bearer(other.apiKey.secretKey) };
    expect((await summary(qid, otherKey)).status).toBe(404);
    expect((await next(qid, otherKey)).status).toBe(404);
    expect((await addItems(qid, { traceIds: ["rv-0"] }, otherKey)).status).toBe(404);
    expect((await list(otherKey)).json.data).toEqual([]);

    expect((await next(qid, { as: t.org.users.viewer.id })).status).toBe(403);
    expect((await createQueue({ name: "v", scoreConfigs: configs }, { as: t.org.users.viewer.id })).status).toBe(403);
    expect((await createQueue({ name: "by analyst", scoreConfigs: configs }, { as: t.org.users.analyst.id })).status).toBe(201);

    await addItems(qid, { traceIds: ["rv-7"] });
    await deleteEndUser(t.h.db, t.org.project.id, "erase-me");
    expect(await t.h.db.select().from(annotationQueueItems).where(eq(annotationQueueItems.traceId, "rv-7"))).toEqual([]);
    expect((await summary(qid)).json.progress.total).toBe(4);
  });

  test("queues hold dataset items beside traces: input and expected output, scores kept on the item, blinded hides the dataset", async () => {
    expect((await call(datasetsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: "golden-review" } })).status).toBe(201);
    const fromTrace = await call(datasetItemsRoute.POST, "/x", { method: "POST", headers: key(), body: { datasetName: "golden-review", sourceTraceId: "rv-5", expectedOutput: "a better answer" } });
    expect(fromTrace.status, JSON.stringify(fromTrace.json)).toBe(201);
    const plain = await call(datasetItemsRoute.POST, "/x", { method: "POST", headers: key(), body: { datasetName: "golden-review", input: "typed question", expectedOutput: "typed answer" } });
    const q = await createQueue({ name: "golden labels", scoreConfigs: [{ type: "boolean", name: "label_ok" }] });
    const qid = q.json.id;
    expect((await addItems(qid, { datasetItemIds: ["00000000-0000-4000-8000-000000000000"] })).status).toBe(404);
    expect((await addItems(qid, {})).json.error.message).toMatch(/^traceIds: give traceIds, datasetItemIds, insightIds or insightSample/);
    expect((await addItems(qid, { traceIds: ["rv-6"], datasetItemIds: [fromTrace.json.id, plain.json.id] })).json).toEqual({ added: 3, alreadyQueued: 0 });
    expect((await addItems(qid, { datasetItemIds: [plain.json.id] })).json).toEqual({ added: 0, alreadyQueued: 1 });

    const first = (await next(qid)).json.item;
    expect(first).toMatchObject({ kind: "trace", traceId: "rv-6" });
    expect((await review(qid, first.id, { scores: { label_ok: true } })).status).toBe(201);
    const second = (await next(qid)).json.item;
    expect(second).toEqual({
      id: expect.any(String),
      kind: "dataset_item",
      input: "question 5",
      output: "a better answer",
      datasetItem: { id: fromTrace.json.id, dataset: "golden-review", sourceTraceId: "rv-5", metadata: {} },
    });
    const before = (await t.h.db.select().from(scores).where(eq(scores.traceId, "rv-5"))).length;
    const reviewed = await review(qid, second.id, { scores: { label_ok: false }, comment: "expected output is wrong" }, { as: t.org.users.analyst.id });
    expect(reviewed.status, JSON.stringify(reviewed.json)).toBe(201);
    expect(reviewed.json.progress).toEqual({ done: 2, total: 3 });
    // The dataset item's review is kept on the queue item; the source trace's scores are untouched.
    const [row] = await t.h.db.select().from(annotationQueueItems).where(eq(annotationQueueItems.id, second.id));
    expect(row).toMatchObject({ status: "done", reviewedBy: t.org.users.analyst.id, reviewScores: [{ name: "label_ok", value: 0, stringValue: "false", dataType: "boolean" }] });
    expect((await t.h.db.select().from(scores).where(eq(scores.traceId, "rv-5"))).length).toBe(before);
    expect((await summary(qid)).json.progress).toEqual({ done: 2, total: 3 });

    // Blinded: a dataset item shows input and expected output only.
    const blind = (await createQueue({ name: "golden blind", blinded: true, scoreConfigs: [{ type: "boolean", name: "label_ok" }] })).json.id;
    await addItems(blind, { datasetItemIds: [plain.json.id] });
    expect((await next(blind)).json.item).toEqual({ id: expect.any(String), kind: "dataset_item", input: "typed question", output: "typed answer" });
  });
});
