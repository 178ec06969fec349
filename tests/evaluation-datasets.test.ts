// Datasets, items and runs through the real route handlers: items from the API, from a trace and from CSV/JSONL files;
// versioning (a run says which items it used); every deterministic evaluator; paired comparison against scipy; access.
import { describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { datasetItems, datasetRunItems, observations, scores, traces } from "@/db/schema";
import * as datasetsRoute from "@/app/api/v1/datasets/route";
import * as datasetRoute from "@/app/api/v1/datasets/[name]/route";
import * as itemsRoute from "@/app/api/v1/dataset-items/route";
import * as itemRoute from "@/app/api/v1/dataset-items/[id]/route";
import * as uploadRoute from "@/app/api/v1/datasets/[name]/items/upload/route";
import * as fromTracesRoute from "@/app/api/v1/datasets/[name]/items/from-traces/route";
import * as runsRoute from "@/app/api/v1/datasets/[name]/runs/route";
import * as runRoute from "@/app/api/v1/datasets/[name]/runs/[id]/route";
import * as compareRoute from "@/app/api/v1/datasets/[name]/compare/route";
import * as promptsRoute from "@/app/api/v1/prompts/route";
import * as calibrationRoute from "@/app/api/v1/datasets/[name]/runs/[id]/calibration/route";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";
import { seedEvaluationDemo } from "@/lib/demo/evaluation";
import { NextRequest } from "next/server";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);

const createDataset = (name: string) => call(datasetsRoute.POST, "/x", { method: "POST", headers: key(), body: { name } });
const addItem = (body: Record<string, unknown>) => call(itemsRoute.POST, "/x", { method: "POST", headers: key(), body });
const run = (dataset: string, body: unknown, as?: string) =>
  call(runsRoute.POST, "/x", { method: "POST", params: { name: dataset }, body, ...(as ? { as } : { headers: key() }) });
const getDataset = (name: string, qs = "") => call(datasetRoute.GET, `/x${qs}`, { params: { name }, headers: key() });

async function datasetWith(name: string, items: { input: unknown; expectedOutput?: unknown }[]) {
  expect((await createDataset(name)).status).toBe(201);
  const ids: string[] = [];
  for (const item of items) ids.push((await addItem({ datasetName: name, ...item })).json.id);
  return ids;
}

describe("datasets and items", () => {
  test("items come from the API or from a trace (its first input, its end user); bad input names the field and adds nothing", async () => {
    await createDataset("support-golden");
    const direct = await addItem({ datasetName: "support-golden", input: { question: "Reset password?" }, expectedOutput: "Settings → Security", metadata: { topic: "auth" } });
    expect(direct.status).toBe(201);
    expect(direct.json).toMatchObject({ input: { question: "Reset password?" }, expectedOutput: "Settings → Security", datasetVersion: 1 });

    const p = t.org.project.id;
    await t.h.db.insert(traces).values({ projectId: p, id: "bad-trace", userId: "end_user_9", timestamp: new Date() });
    await t.h.db.insert(observations).values({ projectId: p, traceId: "bad-trace", id: "o1", type: "generation", name: "llm", startTime: new Date(), input: [{ role: "user", content: "Cancel my plan" }] });
    const fromTrace = await addItem({ datasetName: "support-golden", sourceTraceId: "bad-trace", expectedOutput: "Billing → Cancel" });
    expect(fromTrace.status).toBe(201);
    expect(fromTrace.json).toMatchObject({ input: [{ role: "user", content: "Cancel my plan" }], sourceTraceId: "bad-trace", userId: "end_user_9", datasetVersion: 2 });

    expect((await addItem({ datasetName: "support-golden", sourceTraceId: "no-such-trace" })).status).toBe(404);
    const noInput = await addItem({ datasetName: "support-golden", expectedOutput: "x" });
    expect(noInput.status).toBe(400);
    expect(noInput.json.error.details.map((d: { path: string }) => d.path)).toContain("input");
    expect((await addItem({ datasetName: "missing", input: "x" })).status).toBe(404);
    const ds = await getDataset("support-golden");
    expect(ds.json).toMatchObject({ version: 2, itemsVersion: 2 });
    expect(ds.json.items).toHaveLength(2);
  });

  test("bulk from traces: one version for all; an unknown trace is named and nothing is added", async () => {
    const p = t.org.project.id;
    await createDataset("bulk");
    for (const id of ["bulk-1", "bulk-2"]) {
      await t.h.db.insert(traces).values({ projectId: p, id, timestamp: new Date() });
      await t.h.db.insert(observations).values({ projectId: p, traceId: id, id: "o", type: "generation", name: "llm", startTime: new Date(), input: `question of ${id}` });
    }
    const bulk = (traceIds: string[]) => call(fromTracesRoute.POST, "/x", { method: "POST", params: { name: "bulk" }, headers: key(), body: { traceIds } });
    const bad = await bulk(["bulk-1", "ghost"]);
    expect(bad.status).toBe(404);
    expect(bad.json.error.details).toEqual([{ path: "1.sourceTraceId" }]);
    expect((await getDataset("bulk")).json).toMatchObject({ version: 0, items: [] });
    expect((await bulk(["bulk-1", "bulk-2"])).json).toMatchObject({ added: 2, datasetVersion: 1 });
    expect((await getDataset("bulk")).json.items.map((i: { input: string }) => i.input)).toEqual(["question of bulk-1", "question of bulk-2"]);
    expect((await bulk(["bulk-1", "bulk-1"])).status).toBe(400);
    // Idempotent per trace: the same bulk add again adds nothing and no version.
    expect((await bulk(["bulk-2", "bulk-1"])).json).toMatchObject({ added: 0, skippedExisting: 2, datasetVersion: 1 });
  });

  test("bulk from the trace list's filters: only matching traces, newest first, capped, skipping traces without input; a repeat adds nothing", async () => {
    const p = t.org.project.id;
    await createDataset("from-filters");
    const base = Date.parse("2026-09-01T00:00:00Z");
    // Five slow production traces with inputs, one slow one without any input, one fast, one slow in staging.
    const rows = [
      ...Array.from({ length: 5 }, (_, i) => ({ id: `ff-slow-${i}`, latencyMs: 5000 + i, environment: "production", input: true })),
      { id: "ff-slow-noinput", latencyMs: 9000, environment: "production", input: false },
      { id: "ff-fast", latencyMs: 100, environment: "production", input: true },
      { id: "ff-staging", latencyMs: 8000, environment: "staging", input: true },
    ];
    for (const [i, r] of rows.entries()) {
      await t.h.db.insert(traces).values({ projectId: p, id: r.id, name: "ff-chat", timestamp: new Date(base + i * 60_000), latencyMs: r.latencyMs, environment: r.environment });
      if (r.input) {
        await t.h.db.insert(observations).values({ projectId: p, traceId: r.id, id: "o", type: "generation", name: "llm", startTime: new Date(base + i * 60_000), input: `bad answer ${r.id}` });
      }
    }
    const add = (body: unknown) => call(fromTracesRoute.POST, "/x", { method: "POST", params: { name: "from-filters" }, as: t.org.users.admin.id, body });
    const filters = { name: "ff-chat", environment: "production", minLatencyMs: "1000" };
    const first = await add({ filters, limit: 4 });
    expect(first.status).toBe(201);
    // Newest first: ff-slow-noinput (skipped, no input), ff-slow-4, -3, -2; capped at 4 of 6 matching.
    expect(first.json).toEqual({ added: 3, datasetVersion: 1, matched: 4, capped: true, skippedExisting: 0, skippedWithoutInput: 1 });
    const items = (await getDataset("from-filters")).json.items as { input: string; sourceTraceId: string }[];
    expect(items.map((i) => i.sourceTraceId)).toEqual(["ff-slow-4", "ff-slow-3", "ff-slow-2"]);
    const all = await add({ filters });
    expect(all.json).toEqual({ added: 2, datasetVersion: 2, matched: 6, capped: false, skippedExisting: 3, skippedWithoutInput: 1 });
    expect((await add({ filters })).json).toMatchObject({ added: 0, datasetVersion: 2, skippedExisting: 5 });
    const after = (await getDataset("from-filters")).json.items as { sourceTraceId: string }[];
    expect(after.map((i) => i.sourceTraceId).sort()).toEqual(["ff-slow-0", "ff-slow-1", "ff-slow-2", "ff-slow-3", "ff-slow-4"]);
    // Neither or both, and an unknown filter, are 400s naming the field.
    const neither = await add({});
    expect(neither.status).toBe(400);
    expect(neither.json.error.message).toMatch(/^traceIds: give either traceIds or filters/);
    const unknown = await add({ filters: { nmae: "x" } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/filters/);
    expect((await add({ filters, limit: 5000 })).status).toBe(400);
  });

  test("CSV and JSONL uploads add one version each; a bad line is named and adds nothing", async () => {
    await createDataset("uploads");
    // A file body (call() would label it JSON).
    const upload = async (body: string, type: string) => {
      const req = new NextRequest("http://localhost:3000/x", { method: "POST", headers: { ...key(), "content-type": type }, body });
      const res = await uploadRoute.POST(req, { params: Promise.resolve({ name: "uploads" }) });
      return { status: res.status, json: await res.json() };
    };
    const csv = 'input,expected_output,topic\n"Hello, world","Hi ""there""",greeting\n"{""q"":1}",x,json\n';
    const a = await upload(csv, "text/csv");
    expect(a.status).toBe(201);
    expect(a.json).toEqual({ added: 2, datasetVersion: 1 });
    const b = await upload('{"input":"one","expectedOutput":"1"}\n\n{"input":"two"}\n', "application/x-ndjson");
    expect(b.json).toEqual({ added: 2, datasetVersion: 2 });
    const bad = await upload('{"input":"ok"}\n{"expectedOutput":"no input"}\n', "application/x-ndjson");
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^line 2: input/);
    const items = (await getDataset("uploads")).json.items;
    expect(items.map((i: { input: unknown }) => i.input)).toEqual(["Hello, world", { q: 1 }, "one", "two"]);
    expect(items[0]).toMatchObject({ expectedOutput: 'Hi "there"', metadata: { topic: "greeting" } });
    expect((await upload("a,b\n1,2\n", "text/csv")).json.error.message).toMatch(/row 1: the header needs an `input` column/);
    expect((await upload("x", "text/plain")).status).toBe(415);
  });

  test("versioning: a removed item leaves the next version only; runs keep the version they used", async () => {
    const [a, b] = await datasetWith("versioned", [{ input: "a", expectedOutput: "A" }, { input: "b", expectedOutput: "B" }]);
    const first = await run("versioned", { name: "r1", outputs: [{ itemId: a, output: "A" }, { itemId: b, output: "x" }], evaluators: [{ type: "exact_match" }] });
    expect(first.status).toBe(201);
    expect(first.json.datasetVersion).toBe(2);
    const removed = await call(itemRoute.DELETE, "/x", { method: "DELETE", params: { id: b! }, headers: key() });
    expect(removed.json).toEqual({ datasetVersion: 3 });
    expect((await getDataset("versioned")).json.items.map((i: { id: string }) => i.id)).toEqual([a]);
    expect((await getDataset("versioned", "?version=2")).json.items.map((i: { id: string }) => i.id)).toEqual([a, b]);
    const stale = await run("versioned", { name: "r2", outputs: [{ itemId: b, output: "B" }], evaluators: [{ type: "exact_match" }] });
    expect(stale.status).toBe(400);
    expect(stale.json.error.message).toMatch(/^outputs\.0\.itemId: not an item of dataset versioned at version 3/);
    const kept = await call(runRoute.GET, "/x", { params: { name: "versioned", id: first.json.id }, headers: key() });
    expect(kept.json).toMatchObject({ datasetVersion: 2, progress: { done: 2, total: 2 } });
    expect(kept.json.items.map((i: { itemId: string }) => i.itemId).sort()).toEqual([a, b].sort());
  });
});

describe("evaluators on client outputs", () => {
  test("each deterministic evaluator scores a hand-made case", async () => {
    const [i1, i2] = await datasetWith("evals", [{ input: "q1", expectedOutput: "Paris" }, { input: "q2", expectedOutput: '{"ok":true}' }]);
    const res = await run("evals", {
      name: "all-evaluators",
      outputs: [
        { itemId: i1, output: "  paris ", latencyMs: 120, costUsd: 0.002 },
        { itemId: i2, output: '{"ok":true}', latencyMs: 900 },
      ],
      evaluators: [
        { type: "exact_match" },
        { type: "exact_match", name: "exact_ci", caseSensitive: false },
        { type: "fuzzy_match" },
        { type: "regex", pattern: "^\\s*paris\\s*$", flags: "i" },
        { type: "contains", value: "PARIS" },
        { type: "not_contains", value: "london" },
        { type: "json_valid" },
        { type: "json_schema", schema: { type: "object", required: ["ok"], properties: { ok: { const: true } } } },
        { type: "length", max: 10 },
        { type: "latency", maxMs: 500 },
        { type: "cost", maxUsd: 0.001 },
        { type: "embedding_similarity", threshold: 0.99 },
      ],
    });
    expect(res.status).toBe(201);
    const byItem = Object.fromEntries(res.json.items.map((i: { itemId: string; scores: unknown }) => [i.itemId, i.scores]));
    expect(byItem[i1!]).toEqual({
      exact_match: 0, exact_ci: 1, fuzzy_match: expect.closeTo(8 / 13, 10), regex: 1, contains: 1, not_contains: 1,
      json_valid: 0, json_schema: 0, length: 1, latency: 1, cost: 0, embedding_similarity: 1,
    });
    expect(byItem[i2!]).toEqual({
      exact_match: 1, exact_ci: 1, fuzzy_match: 1, regex: 0, contains: 0, not_contains: 1,
      json_valid: 1, json_schema: 1, length: 0, latency: 0, cost: null, embedding_similarity: 1,
    });
    expect(res.json.aggregates.scores.exact_ci).toEqual({ mean: 1, n: 2, ci: [1, 1] });
    expect(res.json.aggregates.scores.cost).toEqual({ mean: 0, n: 1, ci: null });
  });

  test("without a provider an LLM judge is the local heuristic, and the run says so", async () => {
    const [i1, i2] = await datasetWith("judged", [{ input: "Capital of France?", expectedOutput: "Paris" }, { input: "Contact?", expectedOutput: "Use the form" }]);
    const res = await run("judged", {
      name: "judged",
      outputs: [{ itemId: i1, output: "Paris" }, { itemId: i2, output: "Mail bob@example.com, you idiot" }],
      evaluators: [{ type: "llm_judge", template: "correctness" }, { type: "llm_judge", name: "pii", template: "pii_leakage" }, { type: "llm_judge", name: "tox", template: "toxicity" }],
    });
    expect(res.status).toBe(201);
    expect(res.json.evaluators.map((e: { judge: string }) => e.judge)).toEqual(["local-heuristic-v1", "local-heuristic-v1", "local-heuristic-v1"]);
    const byItem = Object.fromEntries(res.json.items.map((i: { itemId: string; scores: unknown }) => [i.itemId, i.scores]));
    expect(byItem[i1!]).toEqual({ llm_judge: 1, pii: 1, tox: 1 });
    expect(byItem[i2!]).toMatchObject({ pii: 0, tox: 0 });
    expect(byItem[i2!].llm_judge).toBeLessThan(0.3);
    const bad = await run("judged", { name: "bad", outputs: [{ itemId: i1, output: "x" }], evaluators: [{ type: "llm_judge", template: "vibes" }] });
    expect(bad.json.error.details[0].path).toBe("evaluators.0.template");
  });

  test.each([
    [{ name: "r", outputs: [], evaluators: [{ type: "exact_match" }] }, "outputs"],
    [{ name: "r", evaluators: [{ type: "exact_match" }] }, "outputs"],
    [{ name: "r", outputs: [{ itemId: "00000000-0000-4000-8000-000000000000", output: "x" }], evaluators: [] }, "evaluators"],
    [{ name: "r", outputs: [{ itemId: "00000000-0000-4000-8000-000000000000", output: "x" }], evaluators: [{ type: "regex", pattern: "(a)\\1" }] }, "evaluators.0.pattern"],
    [{ name: "r", outputs: [{ itemId: "00000000-0000-4000-8000-000000000000", output: "x" }], evaluators: [{ type: "json_schema", schema: { type: "nope" } }] }, "evaluators.0.schema"],
    [{ name: "r", outputs: [{ itemId: "00000000-0000-4000-8000-000000000000", output: "x" }], evaluators: [{ type: "exact_match" }, { type: "exact_match" }] }, "evaluators.1.name"],
    [{ name: "r", outputs: [{ itemId: "00000000-0000-4000-8000-000000000000", output: "x" }], evaluators: [{ type: "telepathy" }] }, "evaluators.0.type"],
    [{ name: "r", outputs: [{ itemId: "not-a-uuid", output: "x" }], evaluators: [{ type: "exact_match" }] }, "outputs.0.itemId"],
  ])("bad run %j is a 400 naming %s", async (body, field) => {
    await createDataset("bad-runs");
    const res = await run("bad-runs", body);
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect((await call(runsRoute.GET, "/x", { params: { name: "bad-runs" }, headers: key() })).json.data).toEqual([]);
  });

  test("a run name is unique per dataset (409, nothing stored twice)", async () => {
    const [i] = await datasetWith("unique-runs", [{ input: "x", expectedOutput: "y" }]);
    const body = { name: "same", outputs: [{ itemId: i, output: "y" }], evaluators: [{ type: "exact_match" }] };
    expect((await run("unique-runs", body)).status).toBe(201);
    expect((await run("unique-runs", body)).status).toBe(409);
  });

  test("outputs recorded with a prompt version make a run of that version (default: the production label); an unknown version is a 404", async () => {
    const [i] = await datasetWith("recorded", [{ input: "x", expectedOutput: "y" }]);
    for (const text of ["Say {{input}}", "Say only {{input}}"]) {
      await call(promptsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: "recorded-prompt", type: "text", prompt: text, labels: text === "Say {{input}}" ? ["production"] : [] } });
    }
    const outputs = [{ itemId: i, output: "y" }];
    const v2 = await run("recorded", { name: "v2 outputs", promptName: "recorded-prompt", promptVersion: 2, outputs, evaluators: [{ type: "exact_match" }] });
    expect(v2.status).toBe(201);
    expect(v2.json).toMatchObject({ status: "completed", promptName: "recorded-prompt", promptVersion: 2, items: [{ itemId: i, output: "y", scores: { exact_match: 1 } }] });
    const production = await run("recorded", { name: "production outputs", promptName: "recorded-prompt", outputs, evaluators: [{ type: "exact_match" }] });
    expect(production.json).toMatchObject({ status: "completed", promptVersion: 1 });
    const missing = await run("recorded", { name: "v9", promptName: "recorded-prompt", promptVersion: 9, outputs, evaluators: [{ type: "exact_match" }] });
    expect(missing.status).toBe(404);
    const noName = await run("recorded", { name: "v9", promptVersion: 2, outputs, evaluators: [{ type: "exact_match" }] });
    expect(noName.status).toBe(400);
    expect(noName.json.error.details.map((d: { path: string }) => d.path)).toContain("promptName");
    expect((await getDataset("recorded")).json.runs.map((r: { name: string }) => r.name).sort()).toEqual(["production outputs", "v2 outputs"]);
  });
});

describe("comparison", () => {
  test("two runs compared per item and with a paired t-test (scipy.stats.ttest_rel: t=1.633, p=0.17781)", async () => {
    const ids = await datasetWith("compare", ["a", "b", "c", "d", "e"].map((x) => ({ input: x, expectedOutput: x })));
    const outputs = (hits: number[]) => ids.map((itemId, k) => ({ itemId, output: hits[k] ? ["a", "b", "c", "d", "e"][k] : "wrong" }));
    const base = await run("compare", { name: "v1", outputs: outputs([1, 0, 0, 1, 0]), evaluators: [{ type: "exact_match" }] });
    const cand = await run("compare", { name: "v2", outputs: outputs([1, 1, 1, 1, 0]), evaluators: [{ type: "exact_match" }] }, t.org.users.analyst.id);
    const res = await call(compareRoute.GET, `/x?runs=${base.json.id},${cand.json.id}`, { params: { name: "compare" }, as: t.org.users.viewer.id });
    expect(res.status).toBe(200);
    expect(res.json.runs.map((r: { name: string; aggregates: { scores: { exact_match: { mean: number } } } }) => [r.name, r.aggregates.scores.exact_match.mean])).toEqual([["v1", 0.4], ["v2", 0.8]]);
    const [cmp] = res.json.comparisons;
    expect(cmp).toMatchObject({ runId: cand.json.id, baselineRunId: base.json.id, evaluator: "exact_match" });
    expect(cmp.paired.n).toBe(5);
    expect(cmp.paired.meanDifference).toBeCloseTo(0.4, 10);
    expect(cmp.paired.pValue).toBeCloseTo(0.17780780835622137, 6);
    expect(cmp.paired.ci[0]).toBeCloseTo(-0.28008738065825567, 6);
    expect(cmp.paired.ci[1]).toBeCloseTo(1.0800873806582558, 6);
    const second = res.json.items.find((i: { input: string }) => i.input === "b");
    expect(second.runs[base.json.id]).toMatchObject({ output: "wrong", scores: { exact_match: 0 } });
    expect(second.runs[cand.json.id]).toMatchObject({ output: "b", scores: { exact_match: 1 } });
    const one = await call(compareRoute.GET, `/x?runs=${base.json.id}`, { params: { name: "compare" }, headers: key() });
    expect(one.status).toBe(400);
    expect(one.json.error.details[0].path).toBe("runs");
  });
});

describe("access and erasure", () => {
  test("viewers read but cannot write; another project's key cannot see the dataset", async () => {
    await createDataset("guarded");
    expect((await call(datasetsRoute.POST, "/x", { method: "POST", as: t.org.users.viewer.id, body: { name: "v" } })).status).toBe(403);
    expect((await call(itemsRoute.POST, "/x", { method: "POST", as: t.org.users.viewer.id, body: { datasetName: "guarded", input: "x" } })).status).toBe(403);
    expect((await call(datasetsRoute.GET, "/x", { as: t.org.users.viewer.id })).status).toBe(200);
    expect((await call(datasetsRoute.POST, "/x", { method: "POST", as: t.org.users.analyst.id, body: { name: "by-analyst" } })).status).toBe(201);
    const other = await seedOrg(t.h.db);
    expect((await call(datasetRoute.GET, "/x", { params: { name: "guarded" }, headers: bearer(other.apiKey.secretKey) })).status).toBe(404);
  });

  test("erasing an end user removes the dataset items taken from their traces, and those items' run results", async () => {
    const org = await seedOrg(t.h.db);
    const p = org.project.id;
    const k = bearer(org.apiKey.secretKey);
    await t.h.db.insert(traces).values({ projectId: p, id: "tr-erase", userId: "erase_me", timestamp: new Date() });
    await call(datasetsRoute.POST, "/x", { method: "POST", headers: k, body: { name: "erasure" } });
    const item = await call(itemsRoute.POST, "/x", { method: "POST", headers: k, body: { datasetName: "erasure", input: "their words", sourceTraceId: "tr-erase" } });
    await call(runsRoute.POST, "/x", { method: "POST", headers: k, params: { name: "erasure" }, body: { name: "r", outputs: [{ itemId: item.json.id, output: "x" }], evaluators: [{ type: "json_valid" }] } });
    expect(await t.h.db.select().from(datasetRunItems).where(eq(datasetRunItems.projectId, p))).toHaveLength(1);
    await deleteEndUser(t.h.db, p, "erase_me");
    expect(await t.h.db.select().from(datasetItems).where(and(eq(datasetItems.projectId, p)))).toEqual([]);
    expect(await t.h.db.select().from(datasetRunItems).where(eq(datasetRunItems.projectId, p))).toEqual([]);
  });
});

describe("judge calibration", () => {
  test("a judge's verdicts against human scores on the source traces: agreement 4/6, kappa 1/3, confusion matrix", async () => {
    const org = await seedOrg(t.h.db);
    const p = org.project.id;
    const k = bearer(org.apiKey.secretKey);
    const judge = [1, 1, 0, 0, 1, 0];
    const human = [1, 0, 0, 0, 1, 1];
    await t.h.db.insert(traces).values(judge.map((_, i) => ({ projectId: p, id: `cal-${i}`, timestamp: new Date() })));
    await t.h.db.insert(scores).values(human.map((v, i) => ({ projectId: p, id: `h-${i}`, traceId: `cal-${i}`, name: "correct", value: v, dataType: "boolean" as const, source: "human" as const, timestamp: new Date() })));
    await call(datasetsRoute.POST, "/x", { method: "POST", headers: k, body: { name: "calibration" } });
    const ids: string[] = [];
    for (let i = 0; i < judge.length; i++) {
      ids.push((await call(itemsRoute.POST, "/x", { method: "POST", headers: k, body: { datasetName: "calibration", input: `q${i}`, expectedOutput: "yes", sourceTraceId: `cal-${i}` } })).json.id);
    }
    const r = await call(runsRoute.POST, "/x", { method: "POST", headers: k, params: { name: "calibration" }, body: { name: "judge", outputs: ids.map((itemId, i) => ({ itemId, output: judge[i] ? "yes" : "no" })), evaluators: [{ type: "exact_match" }] } });
    const res = await call(calibrationRoute.GET, "/x?evaluator=exact_match&humanScore=correct", { params: { name: "calibration", id: r.json.id }, headers: k });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ n: 6, itemsInRun: 6, confusion: { judgePassHumanPass: 2, judgePassHumanFail: 1, judgeFailHumanPass: 1, judgeFailHumanFail: 2 } });
    expect(res.json.agreement).toBeCloseTo(4 / 6, 10);
    expect(res.json.kappa).toBeCloseTo(1 / 3, 10);
    // The judge as a detector of bad outputs, against the human verdicts: 2 of its 3 fails are human fails, and it
    // caught 2 of the 3 human fails.
    expect(res.json.failPrecision).toBeCloseTo(2 / 3, 12);
    expect(res.json.failRecall).toBeCloseTo(2 / 3, 12);
    expect(res.json.meanAbsoluteDifference).toBeCloseTo(2 / 6, 10);
    const missing = await call(calibrationRoute.GET, "/x?evaluator=exact_match", { params: { name: "calibration", id: r.json.id }, headers: k });
    expect(missing.status).toBe(400);
    expect(missing.json.error.details[0].path).toBe("humanScore");
  });
});

describe("demo", () => {
  test("the demo seeds a prompt with production and staging versions, a golden set and one scored run per version", async () => {
    const org = await seedOrg(t.h.db);
    await seedEvaluationDemo(t.h.db, { projectId: org.project.id, orgId: org.org.id, userId: org.users.analyst.id, email: org.users.analyst.email, apiKeyId: null });
    const k = bearer(org.apiKey.secretKey);
    const ds = await call(datasetRoute.GET, "/x", { params: { name: "support-golden" }, headers: k });
    expect(ds.json.items).toHaveLength(10);
    const byName = (n: string) => ds.json.runs.find((r: { name: string }) => r.name === n);
    const [v1, v2] = [byName("support-answer v1"), byName("support-answer v2")];
    expect([v1.promptVersion, v2.promptVersion]).toEqual([1, 2]);
    const cmp = await call(compareRoute.GET, `/x?runs=${v1.id},${v2.id}`, { params: { name: "support-golden" }, headers: k });
    expect(cmp.json.runs.map((r: { aggregates: { scores: { exact_match: { mean: number } } } }) => r.aggregates.scores.exact_match.mean)).toEqual([0.5, 0.9]);
    expect(cmp.json.comparisons.find((c: { evaluator: string }) => c.evaluator === "exact_match").paired.meanDifference).toBeCloseTo(0.4, 10);
  });
});
