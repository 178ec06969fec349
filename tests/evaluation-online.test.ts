// Online evaluation rules through the real route handlers, the job and the database: a rule scores exactly the
// sampled traces matching its filter, once (a rerun, even from an old cursor, adds nothing); the rate cap defers
// the rest to the next minute; a judge rule asks the configured provider (a local OpenAI-compatible double) and stops for the day at its cost cap, saying so; bad input changes
// nothing; another project's rules are invisible (404); viewers read, analysts write.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { and, eq, ne } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { cohortMembers, cohorts, evaluationRules, jobRuns, scores } from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";
import * as rulesRoute from "@/app/api/v1/evaluation/rules/route";
import * as ruleRoute from "@/app/api/v1/evaluation/rules/[id]/route";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { sendJobEvent } from "@/lib/jobs/dispatch";
import { evaluationOnline, EVALUATION_ONLINE_REQUESTED } from "@/inngest/functions/evaluation-online";
import { isSampled } from "@/lib/evaluation/online/sampling";
import { startOpenAiDouble } from "./support/openai-double";
import { computeRollupRows } from "@/lib/monitoring/store/recompute-rollups";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const base = "2026-11-20T10:00:00.000Z";
const at = (s: number) => new Date(Date.parse(base) + s * 1000).toISOString();
const day1 = new Date("2026-11-21T09:00:00.000Z");

/** 30 support-chat traces (every third mentions a refund; even ones tagged "vip" in production) and 10 others. */
function traceItems() {
  const items: unknown[] = [];
  for (let i = 0; i < 40; i++) {
    const id = `tr-${String(i).padStart(2, "0")}`;
    const name = i < 30 ? "support-chat" : "checkout";
    const output = i % 3 === 0 ? "You can ask for a refund in Settings." : "Please restart the app.";
    items.push(
      { id, type: "trace-create", timestamp: at(i), body: { name, timestamp: at(i), userId: `u${i % 4}`, environment: i % 2 === 0 ? "production" : "staging", tags: i % 2 === 0 ? ["vip"] : [] } },
      { id: `${id}-root`, type: "observation-create", timestamp: at(i), body: { traceId: id, type: "agent", name: "agent", startTime: at(i), endTime: at(i + 1), input: "Where is my money?", output } },
    );
  }
  return items;
}

const create = (body: unknown, opts: { as?: string; headers?: Record<string, string> } = { headers: key() }) => call(rulesRoute.POST, "/x", { method: "POST", body, ...opts });
const list = (headers = key()) => call(rulesRoute.GET, "/x", { headers });
const patch = (id: string, body: unknown, headers = key()) => call(ruleRoute.PATCH, "/x", { method: "PATCH", params: { id }, body, headers });
let runCount = 0;
async function runJob(now: Date) {
  await sendJobEvent(t.h.db, EVALUATION_ONLINE_REQUESTED, { projectId: t.org.project.id, now: now.toISOString() }, { id: `online-${runCount++}` });
  await new EmbeddedRunner(t.h.db, [evaluationOnline], { log: () => {} }).drain();
  const failed = await t.h.db.select().from(jobRuns).where(and(eq(jobRuns.functionId, "evaluation-online"), ne(jobRuns.status, "succeeded")));
  expect(failed.map((r) => r.lastError)).toEqual([]);
}
const scoresOf = async (name: string) =>
  (await t.h.db.select().from(scores).where(and(eq(scores.projectId, t.org.project.id), eq(scores.name, name)))).sort((a, b) => a.traceId.localeCompare(b.traceId));
const ruleRow = async (id: string) => (await t.h.db.select().from(evaluationRules).where(eq(evaluationRules.id, id)))[0]!;
const support = Array.from({ length: 30 }, (_, i) => `tr-${String(i).padStart(2, "0")}`);

beforeAll(async () => {
  const res = await call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: key(), body: { batch: traceItems() } });
  expect(res.json.errors).toEqual([]);
});
let provider: Awaited<ReturnType<typeof startOpenAiDouble>>;
beforeAll(async () => {
  provider = await startOpenAiDouble(() => ({ content: '{"score": 0.8}', promptTokens: 100_000, completionTokens: 0 }));
});
afterAll(() => provider.close());
afterEach(() => provider.restoreEnv());

describe("online evaluation rules", () => {
  test("a rule scores exactly the sampled traces matching its filter, once; a rerun from an old cursor adds nothing", async () => {
    const res = await create({ name: "refund mentions", evaluator: { type: "contains", name: "mentions_refund", value: "refund" }, filter: { traceName: "support-chat" }, sampleRate: 0.5, startAt: at(-1) });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ scoreName: "mentions_refund", enabled: true, scoredCount: 0, maxPerMinute: 60 });
    const id = res.json.id;
    const expected = support.filter((traceId) => isSampled(id, traceId, 0.5));
    // The sample is a real subset: neither nothing nor everything.
    expect(expected.length).toBeGreaterThan(5);
    expect(expected.length).toBeLessThan(25);

    await runJob(day1);
    const first = await scoresOf("mentions_refund");
    expect(first.map((s) => s.traceId)).toEqual(expected);
    for (const s of first) {
      expect(s).toMatchObject({ source: "eval", dataType: "boolean", value: Number(s.traceId.slice(3)) % 3 === 0 ? 1 : 0 });
      expect(s.timestamp.toISOString()).toBe(at(Number(s.traceId.slice(3))));
    }
    expect(await ruleRow(id)).toMatchObject({ scoredCount: expected.length, cursorTraceId: "tr-39" });
    // The cursor passed the non-matching checkout traces too.

    await runJob(new Date(day1.getTime() + 60_000));
    expect(await scoresOf("mentions_refund")).toHaveLength(expected.length);
    // As if a run had crashed after writing its scores but before its cursor moved: nothing is written twice.
    await t.h.db.update(evaluationRules).set({ cursorTimestamp: new Date(at(-1)), cursorTraceId: "" }).where(eq(evaluationRules.id, id));
    await runJob(new Date(day1.getTime() + 120_000));
    expect(await scoresOf("mentions_refund")).toHaveLength(expected.length);
    expect((await ruleRow(id)).scoredCount).toBe(expected.length);

    // Monitoring reads them as the metric eval:<score name>: the hour's mean score over the scored traces.
    const rollups = await computeRollupRows(t.h.db, t.org.project.id, "hour", new Date("2026-11-20T10:00:00Z"), new Date("2026-11-20T11:00:00Z"));
    const mean = first.reduce((sum, s) => sum + s.value!, 0) / first.length;
    expect(rollups.filter((r) => r.metric === "eval:mentions_refund")).toEqual([
      { metric: "eval:mentions_refund", dimension: "all", dimensionValue: "all", bucketStart: new Date("2026-11-20T10:00:00Z"), value: mean, count: expected.length },
    ]);

    const listed = (await list()).json.data.find((r: { id: string }) => r.id === id);
    expect(listed).toMatchObject({ scoredCount: expected.length, status: null });
    expect(listed.lastRunAt).toBeTruthy();
    // Disabled rules are skipped.
    expect((await patch(id, { enabled: false })).json.enabled).toBe(false);
  });

  test("environment and tag filters narrow the traces; the rate cap defers the rest to the next minute", async () => {
    const res = await create({ name: "vip length", evaluator: { type: "length", name: "vip_length", max: 30 }, filter: { environment: "production", tags: ["vip"] }, sampleRate: 1, maxPerMinute: 8, startAt: at(-1) });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const vip = Array.from({ length: 20 }, (_, i) => `tr-${String(i * 2).padStart(2, "0")}`);
    const minute = new Date("2026-11-22T09:00:10.000Z");
    await runJob(minute);
    expect((await scoresOf("vip_length")).map((s) => s.traceId)).toEqual(vip.slice(0, 8));
    expect((await ruleRow(res.json.id)).status).toMatch(/Rate cap of 8 traces per minute/);
    await runJob(new Date(minute.getTime() + 20_000)); // same minute: the cap is shared
    expect(await scoresOf("vip_length")).toHaveLength(8);
    await runJob(new Date(minute.getTime() + 60_000));
    await runJob(new Date(minute.getTime() + 120_000));
    expect((await scoresOf("vip_length")).map((s) => s.traceId)).toEqual(vip);
    expect((await ruleRow(res.json.id)).status).toBeNull();
    await patch(res.json.id, { enabled: false });
  });

  test("a cohort filter keeps the traces of the cohort's members", async () => {
    const [cohort] = await t.h.db.insert(cohorts).values({ projectId: t.org.project.id, name: "u1 only", definition: { type: "list", userIds: ["u1"] } }).returning();
    await t.h.db.insert(cohortMembers).values({ projectId: t.org.project.id, cohortId: cohort!.id, userId: "u1" });
    const res = await create({ name: "cohort rule", evaluator: { type: "json_valid", name: "cohort_json" }, filter: { cohortId: cohort!.id }, sampleRate: 1, maxPerMinute: 100, startAt: at(-1) });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    await runJob(new Date("2026-11-22T12:00:00.000Z"));
    const expected = Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 4 === 1).map((i) => `tr-${String(i).padStart(2, "0")}`);
    expect((await scoresOf("cohort_json")).map((s) => [s.traceId, s.value])).toEqual(expected.map((id) => [id, 0]));
    await patch(res.json.id, { enabled: false });
  });

  test("a judge rule asks the configured provider, stops for the day at its cost cap, says so, and resumes the next day", async () => {
    // The provider: a local OpenAI-compatible double set as OPENAI_API_KEY / OPENAI_BASE_URL. Each judge call uses
    // 100,000 input tokens of gpt-4o-mini: $0.015.
    provider.configure();
    const res = await create({ name: "helpful", evaluator: { type: "llm_judge", template: "helpfulness" }, filter: { traceName: "checkout" }, sampleRate: 1, maxCostUsdPerDay: 0.045, startAt: at(-1) });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const dayA = new Date("2026-11-23T09:00:00.000Z");
    await runJob(dayA);
    await runJob(new Date(dayA.getTime() + 5 * 60_000));
    const judged = await scoresOf("helpfulness");
    expect(judged.map((s) => s.traceId)).toEqual(["tr-30", "tr-31", "tr-32"]);
    expect(judged[0]).toMatchObject({ source: "eval", value: 0.8, comment: "rule helpful (judge openai:default)" });
    expect(provider.requests).toHaveLength(3);
    expect(provider.requests[0]).toMatchObject({ model: "gpt-4o-mini", temperature: 0 });
    expect(provider.requests[0]!.messages[0]!.content).toMatch(/^You are an evaluator \(helpfulness v1\)[\s\S]*Input:\nWhere is my money\?[\s\S]*Answer to judge:\nYou can ask for a refund in Settings\./);
    const view = (await list()).json.data.find((r: { id: string }) => r.id === res.json.id);
    expect(view.status).toMatch(/^Stopped for 2026-11-23: daily cost cap of \$0\.045 reached/);
    expect(view.costTodayUsd).toBeCloseTo(0.045, 10);
    // Raising the cap clears the status; the rule goes on the same day up to the new cap.
    const raised = await patch(res.json.id, { maxCostUsdPerDay: 0.075 });
    expect(raised.json.status).toBeNull();
    await runJob(new Date(dayA.getTime() + 10 * 60_000));
    expect((await scoresOf("helpfulness")).map((s) => s.traceId)).toEqual(["tr-30", "tr-31", "tr-32", "tr-33", "tr-34"]);
    expect((await ruleRow(res.json.id)).status).toMatch(/^Stopped for 2026-11-23: daily cost cap of \$0\.075/);
    await runJob(new Date("2026-11-24T09:00:00.000Z"));
    expect((await scoresOf("helpfulness")).map((s) => s.traceId)).toEqual(["tr-30", "tr-31", "tr-32", "tr-33", "tr-34", "tr-35", "tr-36", "tr-37", "tr-38", "tr-39"]);
    expect(provider.requests).toHaveLength(10);
    await patch(res.json.id, { enabled: false });
  });

  test("bad input is a 400 (or 422) naming the field and creates nothing", async () => {
    const before = (await list()).json.data.length;
    const bad = [
      [{ name: "x", evaluator: { type: "contains", value: "a" }, sampleRate: 2 }, 400, /sampleRate/],
      [{ name: "x", evaluator: { type: "exact_match" }, sampleRate: 1 }, 400, /expected output/],
      [{ name: "x", evaluator: { type: "llm_judge", template: "correctness" }, sampleRate: 1 }, 400, /expected output/],
      [{ name: "x", evaluator: { type: "regex", pattern: "a" }, sampleRate: 1, maxCostUsdPerDay: 1 }, 400, /maxCostUsdPerDay/],
      [{ name: "x", evaluator: { type: "regex", pattern: "a" }, sampleRate: 1, filter: { cohortId: "00000000-0000-4000-8000-000000000000" } }, 422, /cohortId/],
      [{ name: "x", evaluator: { type: "regex", pattern: "a" }, sampleRate: 1, startAt: "2999-01-01T00:00:00Z" }, 422, /startAt/],
      [{ name: "refund mentions", evaluator: { type: "regex", pattern: "a" }, sampleRate: 1 }, 409, /already has a rule/],
    ] as const;
    for (const [body, status, message] of bad) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json.error.message).toMatch(message);
    }
    const id = (await list()).json.data[0].id;
    expect((await patch(id, { sampleRate: -1 })).status).toBe(400);
    expect((await patch(id, {})).status).toBe(400);
    expect((await list()).json.data.length).toBe(before);
  });

  test("another project's rules are a 404; viewers read, analysts write", async () => {
    const other = await seedOrg(t.h.db);
    const id = (await list()).json.data[0].id;
    const otherKey = bearer(other.apiKey.secretKey);
    expect((await list(otherKey)).json.data).toEqual([]);
    expect((await patch(id, { enabled: true }, otherKey)).status).toBe(404);
    expect((await call(ruleRoute.DELETE, "/x", { method: "DELETE", params: { id }, headers: otherKey })).status).toBe(404);
    expect((await ruleRow(id)).enabled).toBe(false);

    expect((await call(rulesRoute.GET, "/x", { as: t.org.users.viewer.id })).status).toBe(200);
    expect((await create({ name: "by viewer", evaluator: { type: "json_valid" }, sampleRate: 1 }, { as: t.org.users.viewer.id })).status).toBe(403);
    const made = await create({ name: "by analyst", evaluator: { type: "json_valid" }, sampleRate: 0.1 }, { as: t.org.users.analyst.id });
    expect(made.status).toBe(201);
    // A rule made without startAt starts from its creation: it never scores the old traces.
    expect(Date.parse(made.json.cursor.timestamp)).toBeGreaterThan(Date.parse(at(100)));
    expect((await call(ruleRoute.DELETE, "/x", { method: "DELETE", params: { id: made.json.id }, as: t.org.users.analyst.id })).status).toBe(204);
  });
});
