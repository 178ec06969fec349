import { expect, test } from "vitest";
import { coOccurrence, spearman } from "./stats";

test("spearman: perfect monotone relations, ties as midranks, and a CI that contains rho", () => {
  expect(spearman([1, 2, 3, 4, 5], [10, 20, 30, 40, 1000]).rho).toBeCloseTo(1, 10);
  expect(spearman([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]).rho).toBeCloseTo(-1, 10);
  // Hand-computed: ranks x = 1,2,3,4,5,6; y (midranks) = 1.5,1.5,3,4.5,4.5,6 → Σdxdy = 16.5, Σdx² = 17.5, Σdy² = 16.5,
  // rho = 16.5 / √(17.5 · 16.5) = 0.97101.
  const r = spearman([1, 2, 3, 4, 5, 6], [1, 1, 2, 3, 3, 4]);
  expect(r.rho).toBeCloseTo(0.97101, 4);
  expect(r.ci![0]).toBeLessThan(r.rho!);
  expect(r.ci![1]).toBeGreaterThan(r.rho!);
  expect(r.ci![1]).toBeLessThanOrEqual(1);
});

test("spearman is undefined with fewer than 4 pairs or a constant side", () => {
  expect(spearman([1, 2, 3], [1, 2, 3]).rho).toBeNull();
  expect(spearman([1, 2, 3, 4], [2, 2, 2, 2]).rho).toBeNull();
});

test("lift of a co-occurrence", () => {
  // 100 traces, 20 with a tool error, 10 frustrated, 8 of them with the error: lift = 8·100 / (20·10) = 4.
  const c = coOccurrence({ total: 100, withCondition: 20, frustrated: 10, both: 8 });
  expect(c.lift).toBeCloseTo(4, 10);
  expect(c.rateWith).toBeCloseTo(0.4, 10);
  expect(c.rateWithout).toBeCloseTo(2 / 80, 10);
  expect(coOccurrence({ total: 10, withCondition: 0, frustrated: 3, both: 0 }).lift).toBeNull();
});
