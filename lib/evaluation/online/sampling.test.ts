import { describe, expect, test } from "vitest";
import { isSampled, onlineScoreId, samplePosition } from "./sampling";

const traces = Array.from({ length: 20_000 }, (_, i) => `trace-${i}`);

describe("online evaluation sampling", () => {
  test("the same rule and trace always give the same answer", () => {
    for (const id of traces.slice(0, 200)) expect(isSampled("rule-a", id, 0.3)).toBe(isSampled("rule-a", id, 0.3));
    expect(samplePosition("rule-a", "trace-1")).toBe(samplePosition("rule-a", "trace-1"));
  });

  test("the sampled share is close to the rate, and a higher rate keeps every trace a lower one kept", () => {
    for (const rate of [0.01, 0.1, 0.5, 0.9]) {
      const kept = traces.filter((id) => isSampled("rule-a", id, rate));
      // Binomial standard deviation at n = 20,000 is below 0.0036: 4 sigma is a loose but failing-capable bound.
      expect(Math.abs(kept.length / traces.length - rate)).toBeLessThan(4 * Math.sqrt((rate * (1 - rate)) / traces.length) + 1e-9);
    }
    const low = traces.filter((id) => isSampled("rule-a", id, 0.1));
    expect(low.every((id) => isSampled("rule-a", id, 0.2))).toBe(true);
  });

  test("rates 0 and 1 are exact; two rules sample different traces", () => {
    expect(traces.some((id) => isSampled("rule-a", id, 0))).toBe(false);
    expect(traces.every((id) => isSampled("rule-a", id, 1))).toBe(true);
    const a = new Set(traces.filter((id) => isSampled("rule-a", id, 0.1)));
    const both = traces.filter((id) => a.has(id) && isSampled("rule-b", id, 0.1)).length;
    // Independent 10 % samples overlap on about 1 % (200 traces), not on 10 %.
    expect(both).toBeGreaterThan(120);
    expect(both).toBeLessThan(290);
  });

  test("positions stay in [0, 1) and score ids are derived from rule and trace", () => {
    for (const id of traces.slice(0, 1000)) {
      const p = samplePosition("r", id);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(1);
    }
    expect(onlineScoreId("r1", "t1")).toBe("eval:r1:t1");
  });
});
