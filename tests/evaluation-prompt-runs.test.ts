// Prompt runs through the job system: the run is queued (202), the evaluation-run job executes the prompt version on
// each item against an OpenAI-compatible endpoint (a local HTTP server here), scores it, and the run can be polled.
// Without a provider the run fails with a message saying so; a cost cap stops it; a rerun of the job repeats nothing.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { datasetRuns, jobRuns } from "@/db/schema";
import * as promptsRoute from "@/app/api/v1/prompts/route";
import * as datasetsRoute from "@/app/api/v1/datasets/route";
import * as itemsRoute from "@/app/api/v1/dataset-items/route";
import * as runsRoute from "@/app/api/v1/datasets/[name]/runs/route";
import * as runRoute from "@/app/api/v1/datasets/[name]/runs/[id]/route";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { evaluationRun } from "@/inngest/functions/evaluation-run";
import { OpenAiChatExecutor, setPromptExecutor } from "@/lib/evaluation/prompt-executor";
import { executePromptRun } from "@/lib/evaluation/store/execute-run";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const requests: { model: string; messages: { role: string; content: string }[]; temperature?: number }[] = [];
let server: Server;
let baseUrl = "";

// Answers a capital question from the user message; 1,000,000 prompt tokens per call make the cost cap bite.
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const parsed = JSON.parse(body) as (typeof requests)[number];
      requests.push(parsed);
      const text = parsed.messages.map((m) => m.content).join(" ");
      const answer = /You are an evaluator/.test(text) ? '{"score": 0.75}' : /France/.test(text) ? "Paris" : /Italy/.test(text) ? "Rome" : "I don't know";
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ choices: [{ message: { content: answer } }], usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => setPromptExecutor(undefined));

const useLocalEndpoint = () => setPromptExecutor(new OpenAiChatExecutor({ apiKey: "test", baseUrl, defaultModel: "gpt-4o-mini", now: () => 0 }));
const drain = () => new EmbeddedRunner(t.h.db, [evaluationRun], { backoff: { baseMs: 1, maxMs: 2 }, log: () => {} }).drain();
const poll = (dataset: string, id: string) => call(runRoute.GET, "/x", { params: { name: dataset, id }, headers: key() });

async function setUp(dataset: string) {
  await call(promptsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: `capitals-${dataset}`, type: "chat", prompt: [{ role: "system", content: "Answer with one word." }, { role: "user", content: "Capital of {{country}}?" }], config: { model: "gpt-4o-mini", temperature: 0 }, labels: ["production"] } });
  await call(datasetsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: dataset } });
  for (const [country, capital] of [["France", "Paris"], ["Italy", "Rome"], ["Peru", "Lima"]]) {
    await call(itemsRoute.POST, "/x", { method: "POST", headers: key(), body: { datasetName: dataset, input: { country }, expectedOutput: capital } });
  }
}

describe("prompt runs", () => {
  test("queued with 202, executed by the job with the version's config, scored, and pollable", async () => {
    useLocalEndpoint();
    await setUp("capitals");
    const created = await call(runsRoute.POST, "/x", { method: "POST", params: { name: "capitals" }, headers: key(), body: { name: "prod", promptName: "capitals-capitals", evaluators: [{ type: "exact_match" }] } });
    expect(created.status).toBe(202);
    expect(created.json).toMatchObject({ status: "queued", promptName: "capitals-capitals", promptVersion: 1, progress: { done: 0, total: 3 }, items: [] });
    requests.length = 0;
    await drain();
    const done = await poll("capitals", created.json.id);
    expect(done.json).toMatchObject({ status: "completed", error: null, progress: { done: 3, total: 3 } });
    expect(done.json.items.map((i: { output: string; scores: { exact_match: number } }) => [i.output, i.scores.exact_match]).sort()).toEqual([
      ["I don't know", 0],
      ["Paris", 1],
      ["Rome", 1],
    ]);
    expect(done.json.aggregates.scores.exact_match.mean).toBeCloseTo(2 / 3, 10);
    expect(requests[0]).toMatchObject({ model: "gpt-4o-mini", temperature: 0 });
    expect(requests.map((r) => r.messages[1]!.content).sort()).toEqual(["Capital of France?", "Capital of Italy?", "Capital of Peru?"]);

    // The job ran once; running its work again (a retry after a crash) calls the provider for nothing already stored.
    requests.length = 0;
    await t.h.db.update(datasetRuns).set({ status: "running" }).where(eq(datasetRuns.id, created.json.id));
    await executePromptRun(t.h.db, t.org.project.id, created.json.id, new OpenAiChatExecutor({ apiKey: "test", baseUrl, defaultModel: "gpt-4o-mini" }));
    expect(requests).toEqual([]);
    expect((await t.h.db.select().from(jobRuns).where(eq(jobRuns.functionId, "evaluation-run"))).filter((r) => r.status === "succeeded").length).toBeGreaterThan(0);
  });

  test("without a provider the run fails, saying how to configure one", async () => {
    setPromptExecutor(null);
    await setUp("offline");
    const created = await call(runsRoute.POST, "/x", { method: "POST", params: { name: "offline" }, headers: key(), body: { name: "r", promptName: "capitals-offline", evaluators: [{ type: "exact_match" }] } });
    await drain();
    const res = await poll("offline", created.json.id);
    expect(res.json.status).toBe("failed");
    expect(res.json.error).toMatch(/OPENAI_API_KEY/);
    expect(res.json.items).toEqual([]);
  });

  test("a cost cap stops the run after the batch (of 4 items) that passed it", async () => {
    await setUp("capped");
    for (const country of ["Spain", "Chile", "Japan"]) {
      await call(itemsRoute.POST, "/x", { method: "POST", headers: key(), body: { datasetName: "capped", input: { country } } });
    }
    // gpt-4o-mini input costs $0.15 per million tokens: each call here costs $0.15.
    const created = await call(runsRoute.POST, "/x", { method: "POST", params: { name: "capped" }, headers: key(), body: { name: "r", promptName: "capitals-capped", maxCostUsd: 0.5, evaluators: [{ type: "cost", maxUsd: 1 }] } });
    await executePromptRun(t.h.db, t.org.project.id, created.json.id, new OpenAiChatExecutor({ apiKey: "test", baseUrl, defaultModel: "gpt-4o-mini" }));
    const res = await poll("capped", created.json.id);
    expect(res.json).toMatchObject({ status: "failed", progress: { done: 4, total: 6 } });
    expect(res.json.error).toMatch(/cost cap of \$0.5 after 4 of 6 items/);
    expect(res.json.aggregates.costUsd.mean).toBeCloseTo(0.15, 10);
  });

  test("with a provider, an LLM judge asks the model with the template's rubric and records which judge scored", async () => {
    useLocalEndpoint();
    await setUp("judge");
    const items = (await call(itemsRoute.POST, "/x", { method: "POST", headers: key(), body: { datasetName: "judge", input: "Hi", expectedOutput: "Hello" } })).json;
    requests.length = 0;
    const res = await call(runsRoute.POST, "/x", { method: "POST", params: { name: "judge" }, headers: key(), body: { name: "j", outputs: [{ itemId: items.id, output: "Hello!" }], evaluators: [{ type: "llm_judge", template: "helpfulness", model: "gpt-4o-mini" }] } });
    expect(res.status).toBe(201);
    expect(res.json.evaluators[0].judge).toBe("openai:gpt-4o-mini");
    expect(res.json.items[0].scores).toEqual({ llm_judge: 0.75 });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.messages[0]!.content).toMatch(/helpfulness v1/);
  });

  test("an unknown prompt or version is a 404 and queues nothing", async () => {
    await call(datasetsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: "no-prompt" } });
    const res = await call(runsRoute.POST, "/x", { method: "POST", params: { name: "no-prompt" }, headers: key(), body: { name: "r", promptName: "ghost", evaluators: [{ type: "exact_match" }] } });
    expect(res.status).toBe(404);
  });
});
