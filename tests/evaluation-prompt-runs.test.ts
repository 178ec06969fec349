// Prompt runs through the job system against a configured OpenAI-compatible provider (a local HTTP test double set as
// OPENAI_API_KEY / OPENAI_BASE_URL, as a user configures one): the run is queued (202), the evaluation-run job executes
// the prompt version on each item, stores its output, cost (from the reply's token usage) and scores, and the run can
// be polled. An LLM judge asks the same provider and its cost is stored and counted toward the run's cap. Without a
// provider the run fails with a message saying so; a cost cap stops it; a rerun of the job repeats nothing.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { startOpenAiDouble, type ChatReply, type ChatRequest } from "./support/openai-double";
import { datasetRunItems, datasetRuns, jobRuns } from "@/db/schema";
import * as promptsRoute from "@/app/api/v1/prompts/route";
import * as datasetsRoute from "@/app/api/v1/datasets/route";
import * as itemsRoute from "@/app/api/v1/dataset-items/route";
import * as runsRoute from "@/app/api/v1/datasets/[name]/runs/route";
import * as runRoute from "@/app/api/v1/datasets/[name]/runs/[id]/route";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { evaluationRun } from "@/inngest/functions/evaluation-run";
import { promptExecutor } from "@/lib/evaluation/prompt-executor";
import { executePromptRun } from "@/lib/evaluation/store/execute-run";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
// gpt-4o-mini costs $0.15 per million input tokens and $0.60 per million output tokens.
const usage = { promptTokens: 1_000_000, completionTokens: 0 };

/** Answers a capital question from the user message, a judge prompt with a score; "Atlantis" is an upstream failure. */
function answer(request: ChatRequest): ChatReply {
  const text = request.messages.map((m) => m.content).join(" ");
  if (/You are an evaluator/.test(text)) return { content: '{"score": 0.75}', ...usage };
  if (/Atlantis/.test(text)) return { status: 503 };
  return { content: /France/.test(text) ? "Paris" : /Italy/.test(text) ? "Rome" : "I don't know", ...usage };
}

let provider: Awaited<ReturnType<typeof startOpenAiDouble>>;
const requests = () => provider.requests;
beforeAll(async () => {
  provider = await startOpenAiDouble(answer);
});
afterAll(() => provider.close());
afterEach(() => {
  provider.restoreEnv();
  Object.assign(usage, { promptTokens: 1_000_000, completionTokens: 0 });
});

const drain = () => new EmbeddedRunner(t.h.db, [evaluationRun], { backoff: { baseMs: 1, maxMs: 2 }, log: () => {} }).drain();
const poll = (dataset: string, id: string) => call(runRoute.GET, "/x", { params: { name: dataset, id }, headers: key() });
const storedItems = (runId: string) => t.h.db.select().from(datasetRunItems).where(eq(datasetRunItems.runId, runId));

async function setUp(dataset: string, extra: string[] = []) {
  await call(promptsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: `capitals-${dataset}`, type: "chat", prompt: [{ role: "system", content: "Answer with one word." }, { role: "user", content: "Capital of {{country}}?" }], config: { model: "gpt-4o-mini", temperature: 0 }, labels: ["production"] } });
  await call(datasetsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: dataset } });
  for (const [country, capital] of [["France", "Paris"], ["Italy", "Rome"], ["Peru", "Lima"], ...extra.map((c) => [c, undefined])]) {
    await call(itemsRoute.POST, "/x", { method: "POST", headers: key(), body: { datasetName: dataset, input: { country }, ...(capital ? { expectedOutput: capital } : {}) } });
  }
}

describe("prompt runs", () => {
  test("queued with 202, executed by the job through the configured provider with the version's config; outputs, costs and scores stored and pollable", async () => {
    provider.configure();
    Object.assign(usage, { promptTokens: 1200, completionTokens: 5 });
    await setUp("capitals", ["Atlantis"]);
    const created = await call(runsRoute.POST, "/x", { method: "POST", params: { name: "capitals" }, headers: key(), body: { name: "prod", promptName: "capitals-capitals", evaluators: [{ type: "exact_match" }] } });
    expect(created.status).toBe(202);
    expect(created.json).toMatchObject({ status: "queued", promptName: "capitals-capitals", promptVersion: 1, progress: { done: 0, total: 4 }, items: [] });
    requests().length = 0;
    await drain();
    expect(requests()).toHaveLength(4);
    expect(requests()[0]).toMatchObject({ model: "gpt-4o-mini", temperature: 0 });
    expect(requests().map((r) => r.messages[1]!.content).sort()).toEqual(["Capital of Atlantis?", "Capital of France?", "Capital of Italy?", "Capital of Peru?"]);

    // Stored per item: the provider's text, its cost from the reply's token usage, the score; a failed call keeps its error.
    const cost = 1200 * 0.15e-6 + 5 * 0.6e-6;
    const rows = (await storedItems(created.json.id)).map((r) => ({ output: r.output, costUsd: r.costUsd, judgeCostUsd: r.judgeCostUsd, scores: r.scores, error: r.error, timed: r.latencyMs !== null }));
    expect(rows.sort((a, b) => (String(a.output) < String(b.output) ? -1 : 1))).toEqual([
      { output: "I don't know", costUsd: expect.closeTo(cost, 12), judgeCostUsd: null, scores: { exact_match: 0 }, error: null, timed: true },
      { output: "Paris", costUsd: expect.closeTo(cost, 12), judgeCostUsd: null, scores: { exact_match: 1 }, error: null, timed: true },
      { output: "Rome", costUsd: expect.closeTo(cost, 12), judgeCostUsd: null, scores: { exact_match: 1 }, error: null, timed: true },
      { output: null, costUsd: null, judgeCostUsd: null, scores: {}, error: "LLM provider returned 503", timed: false },
    ]);
    const done = await poll("capitals", created.json.id);
    expect(done.json).toMatchObject({ status: "completed", error: null, progress: { done: 4, total: 4 }, aggregates: { errors: 1 } });
    expect(done.json.aggregates.scores.exact_match.mean).toBeCloseTo(2 / 3, 10);
    expect(done.json.aggregates.costUsd.mean).toBeCloseTo(cost, 12);
    expect((await t.h.db.select().from(jobRuns).where(eq(jobRuns.functionId, "evaluation-run"))).filter((r) => r.status === "succeeded").length).toBeGreaterThan(0);

    // Running the job's work again (a retry after a crash) calls the provider for nothing already stored.
    requests().length = 0;
    await t.h.db.update(datasetRuns).set({ status: "running" }).where(eq(datasetRuns.id, created.json.id));
    await executePromptRun(t.h.db, t.org.project.id, created.json.id, promptExecutor());
    expect(requests()).toEqual([]);
  });

  test("a wrong key is refused by the provider: every item records the error, and no cost", async () => {
    provider.configure("sk-wrong");
    await setUp("wrong-key");
    const created = await call(runsRoute.POST, "/x", { method: "POST", params: { name: "wrong-key" }, headers: key(), body: { name: "r", promptName: "capitals-wrong-key", evaluators: [{ type: "exact_match" }] } });
    await drain();
    const res = await poll("wrong-key", created.json.id);
    expect(res.json.items.map((i: { error: string; costUsd: number | null }) => [i.error, i.costUsd])).toEqual(Array(3).fill(["LLM provider returned 401", null]));
    expect(res.json.aggregates.errors).toBe(3);
  });

  test("without a provider the run fails, saying how to configure one", async () => {
    provider.unconfigure();
    await setUp("offline");
    const created = await call(runsRoute.POST, "/x", { method: "POST", params: { name: "offline" }, headers: key(), body: { name: "r", promptName: "capitals-offline", evaluators: [{ type: "exact_match" }] } });
    requests().length = 0;
    await drain();
    const res = await poll("offline", created.json.id);
    expect(res.json.status).toBe("failed");
    expect(res.json.error).toMatch(/OPENAI_API_KEY/);
    expect(res.json.items).toEqual([]);
    expect(requests()).toEqual([]);
  });

  test("a cost cap stops the job after the batch (of 4 items) that passed it, and calls the provider no more", async () => {
    provider.configure();
    await setUp("capped", ["Spain", "Chile", "Japan"]);
    // Each call: 1,000,000 input tokens of gpt-4o-mini, $0.15.
    const created = await call(runsRoute.POST, "/x", { method: "POST", params: { name: "capped" }, headers: key(), body: { name: "r", promptName: "capitals-capped", maxCostUsd: 0.5, evaluators: [{ type: "cost", maxUsd: 1 }] } });
    requests().length = 0;
    await drain();
    expect(requests()).toHaveLength(4);
    const res = await poll("capped", created.json.id);
    expect(res.json).toMatchObject({ status: "failed", progress: { done: 4, total: 6 } });
    expect(res.json.error).toMatch(/cost cap of \$0.5 after 4 of 6 items/);
    expect(res.json.aggregates.costUsd.mean).toBeCloseTo(0.15, 10);
    expect(res.json.items.map((i: { scores: { cost: number } }) => i.scores.cost)).toEqual([1, 1, 1, 1]);
  });

  test("an LLM judge in a prompt run asks the provider with the template's rubric; its cost is stored and counts toward the cap", async () => {
    provider.configure();
    await setUp("judged", ["Spain", "Chile", "Japan"]);
    // Per item: the prompt call ($0.15) and the judge call ($0.15). A first batch of 4 spends $1.20, past the $1 cap;
    // the prompt calls alone ($0.60) would not have reached it.
    const created = await call(runsRoute.POST, "/x", { method: "POST", params: { name: "judged" }, headers: key(), body: { name: "r", promptName: "capitals-judged", maxCostUsd: 1, evaluators: [{ type: "exact_match" }, { type: "llm_judge", template: "correctness" }] } });
    expect(created.json.evaluators[1]).toMatchObject({ type: "llm_judge", judge: "openai:default" });
    requests().length = 0;
    await drain();
    const judgeCalls = requests().filter((r) => /You are an evaluator \(correctness v1\)/.test(r.messages[0]!.content));
    expect(judgeCalls).toHaveLength(4);
    expect(requests()).toHaveLength(8);
    expect(judgeCalls[0]).toMatchObject({ model: "gpt-4o-mini", temperature: 0 });
    expect(judgeCalls.map((r) => r.messages[0]!.content).join("\n")).toMatch(/Answer to judge:\nParis[\s\S]*Expected answer:\nParis/);
    const res = await poll("judged", created.json.id);
    expect(res.json).toMatchObject({ status: "failed", progress: { done: 4, total: 6 } });
    expect(res.json.error).toMatch(/cost cap of \$1 after 4 of 6 items/);
    for (const item of res.json.items) expect(item).toMatchObject({ costUsd: expect.closeTo(0.15, 10), judgeCostUsd: expect.closeTo(0.15, 10), scores: { llm_judge: 0.75 } });
    expect(res.json.aggregates.judgeCostUsd).toBeCloseTo(0.6, 10);
    expect(res.json.aggregates.scores.llm_judge.mean).toBe(0.75);
  });

  test("client outputs judged through the provider: scored at once, with the judge named and its cost stored", async () => {
    provider.configure();
    await setUp("judge");
    const items = (await call(itemsRoute.POST, "/x", { method: "POST", headers: key(), body: { datasetName: "judge", input: "Hi", expectedOutput: "Hello" } })).json;
    requests().length = 0;
    const res = await call(runsRoute.POST, "/x", { method: "POST", params: { name: "judge" }, headers: key(), body: { name: "j", outputs: [{ itemId: items.id, output: "Hello!" }], evaluators: [{ type: "llm_judge", template: "helpfulness", model: "gpt-4o-mini" }] } });
    expect(res.status).toBe(201);
    expect(res.json.evaluators[0].judge).toBe("openai:gpt-4o-mini");
    expect(res.json.items[0]).toMatchObject({ scores: { llm_judge: 0.75 }, judgeCostUsd: expect.closeTo(0.15, 10) });
    expect(requests()).toHaveLength(1);
    expect(requests()[0]!.messages[0]!.content).toMatch(/helpfulness v1/);
  });

  test("an unknown prompt or version is a 404 and queues nothing", async () => {
    await call(datasetsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: "no-prompt" } });
    const res = await call(runsRoute.POST, "/x", { method: "POST", params: { name: "no-prompt" }, headers: key(), body: { name: "r", promptName: "ghost", evaluators: [{ type: "exact_match" }] } });
    expect(res.status).toBe(404);
  });
});
