// lib/llm: versioned prompts, the local templates, and the rule that picks a provider and a model from the configuration.
import { afterEach, describe, expect, test, vi } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { resetEnvCache } from "@/lib/env";
import { getLlmProvider, loadPrompt, LocalTemplateProvider, OpenAiCompatibleProvider, renderPrompt, selectLlmProvider } from "@/lib/llm";
import { validateInsight } from "@/lib/spectrum";
import { attemptInsight } from "@/lib/spectrum/store/insights";

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
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

  test("selection: no key gives the local templates; a key gives the OpenAI-compatible provider", () => {
    const base = { OPENAI_BASE_URL: "https://api.openai.com/v1", PRISM_LLM_CHEAP_MODEL: "gpt-4o-mini", PRISM_LLM_QUALITY_MODEL: "gpt-4o" };
    expect(selectLlmProvider({ ...base, OPENAI_API_KEY: undefined })).toBeInstanceOf(LocalTemplateProvider);
    expect(selectLlmProvider({ ...base, OPENAI_API_KEY: "sk-test" })).toBeInstanceOf(OpenAiCompatibleProvider);
  });

  test("selection reads the environment a user sets: an empty OPENAI_API_KEY means local, a set one means OpenAI", () => {
    // The test config leaves the key empty, so the suite never reaches a real endpoint with a developer's key.
    expect(getLlmProvider()).toBeInstanceOf(LocalTemplateProvider);
    vi.stubEnv("OPENAI_API_KEY", "sk-test");
    resetEnvCache();
    expect(getLlmProvider()).toBeInstanceOf(OpenAiCompatibleProvider);
  });

  test("cost-aware routing: a weekly insight goes to the cheap model, a monthly one to the quality model, and the weekly costs less", async () => {
    const seen: { path: string; model: string; authorization?: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        seen.push({ path: req.url ?? "", model: JSON.parse(body).model, authorization: req.headers.authorization });
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ choices: [{ message: { content: "A calm week, mostly steady." } }], usage: { prompt_tokens: 1000, completion_tokens: 100 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const provider = selectLlmProvider({
        OPENAI_API_KEY: "k",
        OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1/`,
        PRISM_LLM_CHEAP_MODEL: "gpt-4o-mini",
        PRISM_LLM_QUALITY_MODEL: "gpt-4o",
      });
      const weekly = await attemptInsight(provider, loadPrompt("spectrum-weekly", "v1"), facts, "week", []);
      const monthly = await attemptInsight(provider, loadPrompt("spectrum-monthly", "v1"), facts, "month", []);
      expect(seen).toEqual([
        { path: "/v1/chat/completions", model: "gpt-4o-mini", authorization: "Bearer k" },
        { path: "/v1/chat/completions", model: "gpt-4o", authorization: "Bearer k" },
      ]);
      // gpt-4o-mini: $0.15 / $0.60 per 1M tokens in / out; gpt-4o: $2.50 / $10.
      expect(weekly).toMatchObject({ ok: true, costUsd: 0.00021 });
      expect(monthly.costUsd).toBeCloseTo(0.0035, 12);
      expect(weekly.ok && weekly.out).toMatchObject({ text: "A calm week, mostly steady.", provider: "openai", model: "gpt-4o-mini", inputTokens: 1000, outputTokens: 100 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
