import { describe, expect, it } from "vitest";
import type { ObservationRecord } from "../types";
import { applyComputedCosts, computeCost } from "./cost";
import { matchModelPrice } from "./match";
import { perMillion, type ModelPrice } from "./types";

const AT = new Date("2026-01-15T00:00:00Z");
const price = (model: string): ModelPrice => {
  const p = matchModelPrice(model, AT);
  if (!p) throw new Error(`no price for ${model}`);
  return p;
};

describe("computeCost", () => {
  it("OpenAI: cached tokens are inside input and charged at the cached rate", () => {
    const cost = computeCost({ input: 1200, output: 35, cacheRead: 1024 }, price("gpt-4o"));
    expect(cost.input).toBeCloseTo(176 * perMillion(2.5), 12);
    expect(cost.cacheRead).toBeCloseTo(1024 * perMillion(1.25), 12);
    expect(cost.output).toBeCloseTo(35 * perMillion(10), 12);
    expect(cost.cacheWrite).toBe(0);
    expect(cost.total).toBeCloseTo(0.00207, 12);
  });

  it("Anthropic: input excludes cache reads and writes, each has its own rate", () => {
    const cost = computeCost({ input: 20, output: 100, cacheRead: 1000, cacheWrite: 500 }, price("claude-sonnet-4-20250514"));
    expect(cost.input).toBeCloseTo(20 * perMillion(3), 12);
    expect(cost.cacheRead).toBeCloseTo(1000 * perMillion(0.3), 12);
    expect(cost.cacheWrite).toBeCloseTo(500 * perMillion(3.75), 12);
    expect(cost.output).toBeCloseTo(100 * perMillion(15), 12);
    expect(cost.total).toBeCloseTo(0.003735, 12);
  });

  it("a usage-level hint (cache-inclusive convention) overrides the price flag", () => {
    const exclusive = computeCost({ input: 20, output: 100, cacheRead: 1000, cacheWrite: 500 }, price("claude-sonnet-4"));
    const inclusive = computeCost(
      { input: 1520, output: 100, cacheRead: 1000, cacheWrite: 500, inputIncludesCache: true },
      price("claude-sonnet-4"),
    );
    expect(inclusive.total).toBeCloseTo(exclusive.total, 12);
  });

  it("never subtracts more cache than the input holds", () => {
    const cost = computeCost({ input: 100, output: 0, cacheRead: 500 }, price("gpt-4o"));
    expect(cost.input).toBeCloseTo(100 * perMillion(2.5), 12);
    expect(cost.cacheRead).toBeCloseTo(500 * perMillion(1.25), 12);
  });

  it("charges cache tokens at the input rate when the price has no cache rate", () => {
    const p = price("gemini-2.5-pro");
    const cost = computeCost({ input: 1000, output: 0, cacheRead: 400 }, p);
    expect(cost.total).toBeCloseTo(1000 * perMillion(1.25), 12);
  });

  it("treats missing counts as zero", () => {
    expect(computeCost({}, price("gpt-4o")).total).toBe(0);
  });
});

function record(overrides: Partial<ObservationRecord>): ObservationRecord {
  return {
    id: "s",
    traceId: "t",
    parentObservationId: null,
    type: "generation",
    name: "x",
    startTime: AT,
    endTime: null,
    level: "DEFAULT",
    statusMessage: null,
    model: null,
    provider: null,
    modelParameters: null,
    usage: null,
    cost: null,
    costSource: null,
    priceId: null,
    input: undefined,
    output: undefined,
    metadata: {},
    events: [],
    environment: "default",
    sessionId: null,
    userId: null,
    conversationId: null,
    tags: [],
    ...overrides,
  };
}

describe("applyComputedCosts", () => {
  it("prices model calls without a client cost and leaves the rest alone", () => {
    const records = [
      record({ id: "a", model: "gpt-4o-mini", usage: { input: 1000, output: 100 } }),
      record({ id: "b", model: "gpt-4o-mini", usage: { input: 1000 }, cost: { total: 1 }, costSource: "client" }),
      record({ id: "c", type: "span", model: "gpt-4o-mini", usage: { input: 1000 } }),
      record({ id: "d", model: "unknown-model", usage: { input: 1000 } }),
      record({ id: "e", type: "embedding", model: "text-embedding-3-small", usage: { input: 1_000_000 } }),
    ];
    expect(applyComputedCosts(records)).toBe(2);
    expect(records[0]).toMatchObject({ costSource: "computed", priceId: "openai/gpt-4o-mini" });
    expect(records[0].cost?.total).toBeCloseTo(1000 * perMillion(0.15) + 100 * perMillion(0.6), 12);
    expect(records[1].cost).toEqual({ total: 1 });
    expect(records[2].cost).toBeNull();
    expect(records[3].cost).toBeNull();
    expect(records[4].cost?.total).toBeCloseTo(0.02, 12);
  });

  it("uses project overrides", () => {
    const own: ModelPrice = {
      id: "own",
      modelPattern: "^unknown-model$",
      inputPerToken: 1e-6,
      outputPerToken: 0,
      inputIncludesCache: true,
      effectiveFrom: "2024-01-01",
    };
    const records = [record({ model: "unknown-model", usage: { input: 10 } })];
    applyComputedCosts(records, { overrides: [own] });
    expect(records[0].priceId).toBe("own");
    expect(records[0].cost?.total).toBeCloseTo(1e-5, 15);
  });
});
