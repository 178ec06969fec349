// The logistic regression against answers known independently: the closed-form MLE of a binary feature, the
// optimality condition (zero gradient) of the penalised loss, recovery of planted coefficients, and finite weights
// with the right sign on separable data. AUC against hand-computed Mann-Whitney values.
import { describe, expect, test } from "vitest";
import { createRandom, gaussian, rng } from "@/lib/primitives/random";
import { fitLogistic, predictProbability, standardise } from "./logistic";
import { auc, calibrationBins } from "./auc";

const logit = (p: number) => Math.log(p / (1 - p));

describe("fitLogistic", () => {
  test("one binary feature, no penalty: fitted probabilities are the two groups' observed rates (closed form)", () => {
    // Group x=0: 30 of 100 positive; group x=1: 70 of 100 positive.
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 200; i++) {
      x.push([i < 100 ? 0 : 1]);
      y.push(i < 100 ? (i < 30 ? 1 : 0) : i - 100 < 70 ? 1 : 0);
    }
    const m = fitLogistic(["x"], x, y, { lambda: 0 });
    expect(predictProbability(m, [0])).toBeCloseTo(0.3, 8);
    expect(predictProbability(m, [1])).toBeCloseTo(0.7, 8);
    // On the raw scale the slope is logit(0.7) - logit(0.3); standardised (scale 0.5) it is half of that.
    expect(m.coefficients[0] / m.scales[0]).toBeCloseTo(logit(0.7) - logit(0.3), 8);
    expect(m.iterations).toBeLessThan(15);
  });

  test("recovers planted coefficients from 20,000 samples", () => {
    const rand = rng(11);
    const normal = gaussian(rand);
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = normal();
      const b = normal() * 2 + 1;
      const eta = 0.5 + 1.5 * a - 1.0 * b;
      x.push([a, b]);
      y.push(rand() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
    }
    const m = fitLogistic(["a", "b"], x, y, { lambda: 0 });
    // Back to the raw scale: w_raw = w / scale, b_raw = b - sum(w_raw * mean).
    const raw = m.coefficients.map((w, j) => w / m.scales[j]);
    const intercept = m.intercept - raw.reduce((s, w, j) => s + w * m.means[j], 0);
    expect(raw[0]).toBeCloseTo(1.5, 1);
    expect(raw[1]).toBeCloseTo(-1.0, 1);
    expect(intercept).toBeCloseTo(0.5, 1);
  });

  test("with a penalty the solution zeroes the gradient of mean log-loss + lambda/2 |w|^2 (checked numerically)", () => {
    const r = createRandom(5);
    const x = Array.from({ length: 300 }, () => [r.next() * 4, r.next() - 0.5, r.int(0, 1)]);
    const y = x.map((row) => (r.next() < 1 / (1 + Math.exp(-(row[0] - 2 + 2 * row[2]))) ? 1 : 0));
    const lambda = 0.1;
    const m = fitLogistic(["a", "b", "c"], x, y, { lambda });
    const z = x.map((row) => standardise(m, row));
    const loss = (b0: number, w: number[]) =>
      z.reduce((s, row, i) => {
        const eta = b0 + row.reduce((t, v, j) => t + v * w[j], 0);
        return s + Math.log(1 + Math.exp(eta)) - y[i] * eta;
      }, 0) / z.length + (lambda / 2) * w.reduce((s, v) => s + v * v, 0);
    const h = 1e-5;
    const at = loss(m.intercept, m.coefficients);
    expect((loss(m.intercept + h, m.coefficients) - at) / h).toBeCloseTo(0, 3);
    for (let j = 0; j < 3; j++) {
      const w = [...m.coefficients];
      w[j] += h;
      expect((loss(m.intercept, w) - at) / h).toBeCloseTo(0, 3);
    }
    // The penalty shrinks: every coefficient is smaller in size than without it.
    const free = fitLogistic(["a", "b", "c"], x, y, { lambda: 0 });
    m.coefficients.forEach((w, j) => expect(Math.abs(w)).toBeLessThan(Math.abs(free.coefficients[j])));
  });

  test("separable data: finite coefficients with the right signs, and a constant column gets weight 0", () => {
    const x = Array.from({ length: 40 }, (_, i) => [i, 7]);
    const y = x.map(([v]) => (v >= 20 ? 1 : 0));
    const m = fitLogistic(["v", "constant"], x, y, { lambda: 0.01 });
    expect(Number.isFinite(m.coefficients[0])).toBe(true);
    expect(m.coefficients[0]).toBeGreaterThan(1);
    expect(m.coefficients[1]).toBeCloseTo(0, 12);
    expect(predictProbability(m, [35, 7])).toBeGreaterThan(0.9);
    expect(predictProbability(m, [3, 7])).toBeLessThan(0.1);
  });
});

describe("auc", () => {
  test("Mann-Whitney with ties counted one half", () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(auc([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(auc([1, 2, 3, 4], [1, 1, 0, 0])).toBe(0);
    expect(auc([5, 5, 5, 5], [0, 1, 0, 1])).toBe(0.5);
    // Positives {2, 3}, negatives {1, 2}: pairs (2>1)=1, (2=2)=0.5, (3>1)=1, (3>2)=1 → 3.5/4.
    expect(auc([2, 3, 1, 2], [1, 1, 0, 0])).toBeCloseTo(0.875, 12);
    expect(auc([1, 2], [1, 1])).toBeNull();
  });

  test("calibration bins hold mean predicted risk and observed rate, empty bins left out", () => {
    const bins = calibrationBins([0.05, 0.08, 0.92, 0.95, 0.97], [0, 1, 1, 1, 0]);
    expect(bins).toHaveLength(2);
    expect(bins[0]).toMatchObject({ from: 0, to: 0.1, users: 2, observed: 0.5 });
    expect(bins[0].predicted).toBeCloseTo(0.065, 12);
    expect(bins[1]).toMatchObject({ from: 0.9, users: 3 });
    expect(bins[1].observed).toBeCloseTo(2 / 3, 12);
  });
});
