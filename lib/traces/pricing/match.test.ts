import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_PRICES } from "./default-prices";
import { matchModelPrice } from "./match";
import { compileSafePattern } from "@/lib/patterns/safe-pattern";
import { modelPriceListSchema, modelPriceSchema, perMillion, type ModelPrice } from "./types";

const NOW = new Date("2026-01-15T00:00:00Z");

/** Real model strings (provider APIs, gateways, Bedrock, Vertex) per price id. */
const SAMPLES: Record<string, string[]> = {
  "openai/gpt-4o": ["gpt-4o", "gpt-4o-2024-08-06", "openai/gpt-4o-2024-11-20", "GPT-4o", "gpt-4o-20240806", "gpt-4o-2024-05-14", "gpt-4o-2025-05-13"],
  "openai/gpt-4o-2024-05-13": ["gpt-4o-2024-05-13"],
  "openai/gpt-4o-mini": ["gpt-4o-mini", "gpt-4o-mini-2024-07-18", "openrouter/openai/gpt-4o-mini"],
  "openai/gpt-4.1": ["gpt-4.1", "gpt-4.1-2025-04-14"],
  "openai/gpt-4.1-mini": ["gpt-4.1-mini-2025-04-14"],
  "openai/gpt-4.1-nano": ["gpt-4.1-nano"],
  "openai/gpt-4-turbo": ["gpt-4-turbo", "gpt-4-turbo-2024-04-09"],
  "openai/gpt-4": ["gpt-4", "gpt-4-0613"],
  "openai/gpt-3.5-turbo": ["gpt-3.5-turbo", "gpt-3.5-turbo-0125"],
  "openai/o1": ["o1", "o1-2024-12-17"],
  "openai/o3-mini": ["o3-mini-2025-01-31"],
  "openai/o3": ["o3", "o3-2025-04-16"],
  "openai/o4-mini": ["o4-mini-2025-04-16"],
  "openai/gpt-5": ["gpt-5", "gpt-5-2025-08-07", "gpt-5-chat-latest"],
  "openai/gpt-5-mini": ["gpt-5-mini-2025-08-07"],
  "openai/gpt-5-nano": ["gpt-5-nano"],
  "openai/text-embedding-3-small": ["text-embedding-3-small"],
  "openai/text-embedding-3-large": ["text-embedding-3-large"],
  "openai/text-embedding-ada-002": ["text-embedding-ada-002"],
  "anthropic/claude-3-haiku": ["claude-3-haiku-20240307", "anthropic.claude-3-haiku-20240307-v1:0"],
  "anthropic/claude-3-opus": ["claude-3-opus-20240229", "claude-3-opus-latest"],
  "anthropic/claude-3.5-sonnet": [
    "claude-3-5-sonnet-20241022",
    "claude-3-5-sonnet-latest",
    "anthropic/claude-3.5-sonnet",
    "claude-3-5-sonnet-v2@20241022",
    "anthropic.claude-3-5-sonnet-20240620-v1:0",
  ],
  "anthropic/claude-3.5-haiku": ["claude-3-5-haiku-20241022", "claude-3-5-haiku-latest"],
  "anthropic/claude-3.7-sonnet": [
    "claude-3-7-sonnet-20250219",
    "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
    "anthropic/claude-3.7-sonnet",
  ],
  "anthropic/claude-sonnet-4": [
    "claude-sonnet-4-20250514",
    "claude-sonnet-4-0",
    "claude-sonnet-4@20250514",
    "anthropic/claude-sonnet-4",
    "claude-4-sonnet-20250514",
  ],
  "anthropic/claude-opus-4": ["claude-opus-4-20250514", "claude-opus-4-0"],
  "anthropic/claude-opus-4.1": ["claude-opus-4-1-20250805", "claude-opus-4-1", "anthropic/claude-opus-4.1"],
  "anthropic/claude-sonnet-4.5": [
    "claude-sonnet-4-5-20250929",
    "claude-sonnet-4-5",
    "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
  ],
  "anthropic/claude-haiku-4.5": ["claude-haiku-4-5-20251001", "claude-haiku-4-5"],
  "anthropic/claude-opus-4.5": ["claude-opus-4-5-20251101"],
  "google/gemini-1.5-pro": ["gemini-1.5-pro", "gemini-1.5-pro-002", "models/gemini-1.5-pro-latest"],
  "google/gemini-1.5-flash": ["gemini-1.5-flash-001"],
  "google/gemini-1.5-flash-8b": ["gemini-1.5-flash-8b"],
  "google/gemini-2.0-flash": ["gemini-2.0-flash", "publishers/google/models/gemini-2.0-flash-001"],
  "google/gemini-2.0-flash-lite": ["gemini-2.0-flash-lite-001"],
  "google/gemini-2.5-pro": ["gemini-2.5-pro", "google/gemini-2.5-pro"],
  "google/gemini-2.5-flash": ["gemini-2.5-flash"],
  "google/gemini-2.5-flash-lite": ["gemini-2.5-flash-lite"],
  "google/gemini-embedding-001": ["gemini-embedding-001"],
  "mistral/mistral-large": ["mistral-large-2411", "mistral-large-2407"],
  "mistral/mistral-medium-3": ["mistral-medium-latest", "mistral-medium-2505"],
  "mistral/mistral-small-3": ["mistral-small-latest", "mistral-small-2503"],
  "mistral/mistral-nemo": ["open-mistral-nemo", "open-mistral-nemo-2407"],
  "mistral/codestral": ["codestral-latest", "codestral-2501"],
  "mistral/ministral-8b": ["ministral-8b-latest"],
  "mistral/ministral-3b": ["ministral-3b-2410"],
  "mistral/mistral-embed": ["mistral-embed"],
  "groq/llama-3.3-70b-versatile": ["llama-3.3-70b-versatile", "groq/llama-3.3-70b-versatile"],
  "groq/llama-3.1-8b-instant": ["llama-3.1-8b-instant"],
  "together/llama-3-70b-instruct-turbo": [
    "meta-llama/Llama-3.3-70B-Instruct-Turbo",
    "meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo",
  ],
  "together/llama-3.1-8b-instruct-turbo": ["meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo"],
  "together/llama-3.1-405b-instruct-turbo": ["meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo"],
};

describe("default price list", () => {
  it("is valid against the override schema", () => {
    expect(modelPriceListSchema.safeParse(DEFAULT_MODEL_PRICES).success).toBe(true);
  });

  it("has samples for every id, and each sample matches exactly that id", () => {
    const ids = new Set(DEFAULT_MODEL_PRICES.map((p) => p.id));
    expect([...ids].sort()).toEqual(Object.keys(SAMPLES).sort());
    for (const [id, models] of Object.entries(SAMPLES)) {
      for (const model of models) {
        const matching = new Set(
          DEFAULT_MODEL_PRICES.filter((p) => compileSafePattern(p.modelPattern, "i").test(model)).map((p) => p.id),
        );
        expect([...matching], model).toEqual([id]);
      }
    }
  });

  it.each([
    "ft:gpt-4o-mini-2024-07-18:acme::abc123", // fine-tunes are priced differently
    "chatgpt-4o-latest",
    "gpt-4o-audio-preview",
    "my-gpt-4o",
    "o1-pro",
    "gemini-2.5-flash-preview-04-17",
    "meta-llama/llama-3.3-70b-instruct:free",
    "mistral-large-2512",
    "",
  ])("does not price %j", (model) => {
    expect(matchModelPrice(model, NOW)).toBeUndefined();
  });
});

describe("matchModelPrice", () => {
  it("tolerates provider prefixes and date suffixes", () => {
    expect(matchModelPrice("openai/gpt-4o-2024-08-06", NOW)?.id).toBe("openai/gpt-4o");
    expect(matchModelPrice("  claude-3-5-sonnet-20241022 ", NOW)?.id).toBe("anthropic/claude-3.5-sonnet");
  });

  it("picks the latest effectiveFrom not after the observation time", () => {
    const before = matchModelPrice("o3-2025-04-16", new Date("2025-05-01T00:00:00Z"));
    const after = matchModelPrice("o3-2025-04-16", new Date("2025-07-01T00:00:00Z"));
    expect(before?.inputPerToken).toBeCloseTo(perMillion(10));
    expect(after?.inputPerToken).toBeCloseTo(perMillion(2));
    expect(matchModelPrice("o3", new Date("2025-01-01T00:00:00Z"))).toBeUndefined();
  });

  const override: ModelPrice = {
    id: "project/gpt-4o-negotiated",
    modelPattern: "^(?:.*/)?gpt-4o(?:-\\d{4}-\\d{2}-\\d{2})?$",
    inputPerToken: perMillion(2),
    outputPerToken: perMillion(8),
    inputIncludesCache: true,
    effectiveFrom: "2020-01-01",
  };

  it("project overrides win over defaults, even with an older effectiveFrom", () => {
    expect(matchModelPrice("gpt-4o", NOW, DEFAULT_MODEL_PRICES, [override])?.id).toBe("project/gpt-4o-negotiated");
    expect(matchModelPrice("gpt-4o-mini", NOW, DEFAULT_MODEL_PRICES, [override])?.id).toBe("openai/gpt-4o-mini");
  });

  it("falls back to defaults when the override is not yet effective", () => {
    const future = { ...override, effectiveFrom: "2030-01-01" };
    expect(matchModelPrice("gpt-4o", NOW, DEFAULT_MODEL_PRICES, [future])?.id).toBe("openai/gpt-4o");
  });

  it("ignores override entries whose pattern does not compile", () => {
    const broken = { ...override, modelPattern: "^(gpt$" };
    expect(matchModelPrice("gpt-4o", NOW, DEFAULT_MODEL_PRICES, [broken])?.id).toBe("openai/gpt-4o");
  });
});

describe("modelPriceSchema", () => {
  const valid = {
    id: "x",
    modelPattern: "^my-model$",
    inputPerToken: 1e-6,
    outputPerToken: 2e-6,
    inputIncludesCache: false,
    effectiveFrom: "2025-01-01",
  };

  it("accepts a valid override and rejects unanchored or invalid patterns", () => {
    expect(modelPriceSchema.safeParse(valid).success).toBe(true);
    expect(modelPriceSchema.safeParse({ ...valid, modelPattern: "my-model" }).success).toBe(false);
    expect(modelPriceSchema.safeParse({ ...valid, modelPattern: "^(my$" }).success).toBe(false);
    expect(modelPriceSchema.safeParse({ ...valid, inputPerToken: -1 }).success).toBe(false);
    expect(modelPriceSchema.safeParse({ ...valid, effectiveFrom: "soon" }).success).toBe(false);
  });
});
