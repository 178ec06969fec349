import { afterEach, describe, expect, test, vi } from "vitest";
import { getLlmProvider, loadPrompt, LocalTemplateProvider, OpenAiCompatibleProvider, renderPrompt } from "@/lib/llm";
import { validateInsight } from "@/lib/spectrum";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

const facts = { periodLabel: "Nov 2", sessionCount: 3, topEmotions: "calm and gratitude", valence: "0.42", toneWord: "mostly positive", valenceShift: "0.10", valenceShiftWords: "a little brighter (+0.10)", topPatterns: "anxious to calm", notableDays: "none", notableSentence: "No single day stood out from your usual." };

describe("lib/llm", () => {
  test("versioned prompts load from prompts/<name>/<version>.md and render every placeholder", () => {
    const p = loadPrompt("spectrum-weekly", "v1");
    expect(p).toMatchObject({ name: "spectrum-weekly", version: "v1" });
    expect(renderPrompt(p.text, facts)).toContain("sessions: 3");
    expect(() => renderPrompt("{{missing}}", {})).toThrow(/missing/);
    expect(() => loadPrompt("../etc", "v1")).toThrow(/invalid prompt/);
  });

  test("every local template reads well and passes the insight validators", async () => {
    const provider = new LocalTemplateProvider();
    for (const name of ["spectrum-weekly", "spectrum-monthly"]) {
      for (let variant = 0; variant < 3; variant++) {
        const out = await provider.generate({ prompt: loadPrompt(name, "v1"), variables: facts, tier: "cheap", variant });
        expect(validateInsight(out.text, { rawTurns: [] }).ok).toBe(true);
        expect(out).toMatchObject({ provider: "local", costUsd: 0 });
      }
      await expect(provider.generate({ prompt: loadPrompt(name, "v1"), variables: facts, tier: "cheap", variant: 3 })).rejects.toThrow(/no more local templates/);
    }
  });

  test("the OpenAI-compatible provider is never chosen under tests, even with a key", () => {
    vi.stubEnv("OPENAI_API_KEY", "sk-test");
    expect(getLlmProvider()).toBeInstanceOf(LocalTemplateProvider);
  });

  test("the OpenAI-compatible provider routes tiers to models and prices the call (against a stub, no network)", async () => {
    const calls: { url: string; body: { model: string } }[] = [];
    vi.stubGlobal("fetch", async (url: string, init: { body: string }) => {
      calls.push({ url, body: JSON.parse(init.body) });
      return new Response(JSON.stringify({ choices: [{ message: { content: "A calm week." } }], usage: { prompt_tokens: 1000, completion_tokens: 100 } }));
    });
    const p = new OpenAiCompatibleProvider({ apiKey: "k", baseUrl: "http://llm.invalid/v1/", models: { cheap: "gpt-4o-mini", quality: "gpt-4o" } });
    const weekly = await p.generate({ prompt: loadPrompt("spectrum-weekly", "v1"), variables: facts, tier: "cheap", variant: 0 });
    const monthly = await p.generate({ prompt: loadPrompt("spectrum-monthly", "v1"), variables: facts, tier: "quality", variant: 0 });
    expect(calls.map((c) => [c.url, c.body.model])).toEqual([
      ["http://llm.invalid/v1/chat/completions", "gpt-4o-mini"],
      ["http://llm.invalid/v1/chat/completions", "gpt-4o"],
    ]);
    expect(weekly).toMatchObject({ text: "A calm week.", model: "gpt-4o-mini", costUsd: (1000 * 0.15 + 100 * 0.6) / 1e6 });
    expect(monthly.costUsd).toBeGreaterThan(weekly.costUsd);
  });
});
