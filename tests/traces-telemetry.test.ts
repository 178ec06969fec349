import { expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { seededDatabase } from "./support/fixtures";
import { apiCallsLog, observations, traces } from "@/db/schema";
import { trackLlmCall, trackedProvider } from "@/lib/telemetry";
import { LocalTemplateProvider } from "@/lib/llm";
import type { LlmProvider } from "@/lib/llm";

const t = seededDatabase();
const logRows = () => t.h.db.select().from(apiCallsLog).where(eq(apiCallsLog.projectId, t.org.project.id));
const traceOf = async (id: string) => (await t.h.db.select().from(traces).where(and(eq(traces.projectId, t.org.project.id), eq(traces.id, id))))[0];
const obsOf = (id: string) => t.h.db.select().from(observations).where(and(eq(observations.projectId, t.org.project.id), eq(observations.traceId, id)));

test("a tracked call writes a priced prism-internal trace and an api_calls_log row", async () => {
  let clock = Date.parse("2026-06-01T00:00:00Z");
  const result = await trackLlmCall(
    t.h.db,
    t.org.project.id,
    { provider: "openai", model: "gpt-4o-mini", prompt: { name: "weekly-narrative", version: "v2" }, input: { sessions: 12, mail: "ops@example.com" } },
    async () => {
      clock += 850;
      return { text: "Sessions rose 12%.", model: "gpt-4o-mini", inputTokens: 1000, outputTokens: 200 };
    },
    { now: () => clock },
  );
  expect(result.text).toBe("Sessions rose 12%.");
  // This call's row (other tests in this file log calls of other prompts to the same project).
  const mine = (await logRows()).filter((r) => r.prompt === "weekly-narrative@v2");
  expect(mine).toHaveLength(1);
  const [log] = mine;
  expect(log).toMatchObject({ provider: "openai", model: "gpt-4o-mini", prompt: "weekly-narrative@v2", latencyMs: 850, inputTokens: 1000, outputTokens: 200, outcome: "ok", error: null });
  expect(log.costUsd).toBeGreaterThan(0);
  const trace = await traceOf(log.traceId!);
  expect(trace).toMatchObject({ environment: "prism-internal", tags: ["prism"], name: "prism.weekly-narrative", userId: null, inputTokens: 1000, outputTokens: 200, latencyMs: 850, level: "DEFAULT" });
  expect(trace.totalCost).toBeCloseTo(log.costUsd!, 12);
  const [gen] = await obsOf(log.traceId!);
  expect(gen).toMatchObject({ type: "generation", model: "gpt-4o-mini", costSource: "computed" });
  // The project's masking applies to Prism's own calls too.
  expect(JSON.stringify(gen.input)).toContain("[EMAIL]");
  expect(gen.output).toBe("Sessions rose 12%.");
});

test("a failing call records outcome error and rethrows the original error", async () => {
  const boom = new Error("upstream 503 for key sk-abcdefghijklmnopqrstuvwxyz0123");
  await expect(
    trackLlmCall(t.h.db, t.org.project.id, { provider: "openai", model: "gpt-4o", prompt: { name: "monthly-narrative", version: "v1" } }, async () => {
      throw boom;
    }),
  ).rejects.toBe(boom);
  const log = (await logRows()).find((r) => r.prompt === "monthly-narrative@v1")!;
  expect(log).toMatchObject({ outcome: "error", model: "gpt-4o", inputTokens: null, outputTokens: null });
  expect(log.error).toContain("upstream 503");
  expect(log.error).not.toContain("sk-abcdefghijklmnopqrstuvwxyz0123");
  const trace = await traceOf(log.traceId!);
  expect(trace).toMatchObject({ level: "ERROR", environment: "prism-internal" });
});

test("the provider wrapper used by insight generation records each generate() without the text", async () => {
  const before = (await logRows()).length;
  const provider = trackedProvider(t.h.db, t.org.project.id, new LocalTemplateProvider());
  expect(trackedProvider(t.h.db, t.org.project.id, provider)).toBe(provider);
  const out = await provider.generate({ prompt: { name: "spectrum-weekly", version: "v1", text: "You had {{sessions}} sessions." }, variables: { sessions: 3 }, tier: "cheap", variant: 0 });
  const rows = await logRows();
  expect(rows).toHaveLength(before + 1);
  const log = rows.find((r) => r.prompt === "spectrum-weekly@v1")!;
  expect(log).toMatchObject({ outcome: "ok", provider: out.provider, model: out.model });
  const [gen] = await obsOf(log.traceId!);
  expect(gen.input).toEqual({ variables: ["sessions"], tier: "cheap", variant: 0 });
  expect(gen.output).toEqual({ characters: out.text.length });

  const failing: LlmProvider = { id: "broken", generate: async () => { throw new Error("no model"); } };
  await expect(trackedProvider(t.h.db, t.org.project.id, failing).generate({ prompt: { name: "x", version: "v1", text: "" }, variables: {}, tier: "quality", variant: 0 })).rejects.toThrow("no model");
  expect((await logRows()).find((r) => r.prompt === "x@v1")).toMatchObject({ outcome: "error", provider: "broken", model: "tier:quality" });
});
