import { expect, test } from "vitest";
import type { ModelQualityRow } from "../types";
import { cheaperModelRule } from "./cheaper-model";
import { emptyInputs, moments, scoresSample } from "./generated";

function row(model: string, meanCost: number, seed: number, scoreMean: number, n = 200): ModelQualityRow {
  const m = moments(scoresSample(seed, n, scoreMean, 0.15));
  return { traceName: "support-chat", model, scoreName: "helpfulness", traces: n * 2, meanCost, scored: m.n, scoreMean: m.mean, scoreVariance: m.variance };
}

test("fires when a model at a fifth of the cost scores the same on the same trace name", () => {
  const out = cheaperModelRule(emptyInputs({ modelQuality: [row("gpt-4.1", 0.01, 1, 0.8), row("gpt-4o-mini", 0.002, 2, 0.8)] }));
  expect(out).toHaveLength(1);
  const s = out[0];
  expect(s.key).toBe("cheaper-model:support-chat:gpt-4.1->gpt-4o-mini");
  // $3.20 over the window: a real but small saving.
  expect(s.severity).toBe("low");
  expect(s.evidence.costPerTrace).toBe(0.01);
  expect(s.evidence.cheaperCostPerTrace).toBe(0.002);
  // Savings = cost difference × the dear model's traces, from the inputs alone.
  expect(s.evidence.windowSavingUsd).toBeCloseTo(0.008 * 400, 6);
  expect(Number(s.evidence["helpfulness.diffLow90"])).toBeGreaterThan(-0.04);
});

test("stays silent when the cheaper model scores worse, when it is not much cheaper, or with too few scores", () => {
  expect(cheaperModelRule(emptyInputs({ modelQuality: [row("gpt-4.1", 0.01, 1, 0.8), row("gpt-4o-mini", 0.002, 2, 0.7)] }))).toEqual([]);
  expect(cheaperModelRule(emptyInputs({ modelQuality: [row("gpt-4.1", 0.01, 1, 0.8), row("gpt-4o-mini", 0.009, 2, 0.8)] }))).toEqual([]);
  expect(cheaperModelRule(emptyInputs({ modelQuality: [row("gpt-4.1", 0.01, 1, 0.8, 20), row("gpt-4o-mini", 0.002, 2, 0.8, 20)] }))).toEqual([]);
});

test("one worse score vetoes the switch even when another score is equal", () => {
  const rating = (model: string, seed: number, mean: number): ModelQualityRow => ({ ...row(model, model === "gpt-4.1" ? 0.01 : 0.002, seed, mean), scoreName: "user_rating" });
  const rows = [row("gpt-4.1", 0.01, 1, 0.8), row("gpt-4o-mini", 0.002, 2, 0.8), rating("gpt-4.1", 3, 0.8), rating("gpt-4o-mini", 4, 0.6)];
  expect(cheaperModelRule(emptyInputs({ modelQuality: rows }))).toEqual([]);
});
