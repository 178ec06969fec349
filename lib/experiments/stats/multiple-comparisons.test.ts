import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { adjustPValues } from "./multiple-comparisons";
import { expectRelClose } from "../../../tests/support/expect-close";

/*
 * ps = [0.01, 0.04, 0.03, 0.005, 0.2, 0.04]
 * stats.false_discovery_control(ps, method="bh")   (scipy 1.17)
 * holm: textbook O(m²) definition
 *   out[i] = min(1, max((m - r) * p[order[r]] for r in range(rank_of_i + 1)))
 */
const PS = [0.01, 0.04, 0.03, 0.005, 0.2, 0.04];
const BH = [0.03, 0.048, 0.048, 0.03, 0.2, 0.048];
const HOLM = [0.05, 0.12, 0.12, 0.03, 0.2, 0.12];

const pValues = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 });

describe("adjustPValues", () => {
  it("matches scipy's Benjamini–Hochberg and the Holm definition", () => {
    adjustPValues(PS, "benjamini-hochberg").forEach((p, i) => expectRelClose(p, BH[i]));
    adjustPValues(PS, "holm").forEach((p, i) => expectRelClose(p, HOLM[i]));
  });

  it("passes nulls through without counting them", () => {
    expect(adjustPValues([0.01, null, 0.04], "holm")).toEqual([0.02, null, 0.04]);
    expect(adjustPValues([], "benjamini-hochberg")).toEqual([]);
  });

  it("Holm: adjusted ≥ raw, ≤ 1, and monotone in the raw p-values", () => {
    fc.assert(
      fc.property(pValues, (ps) => {
        const adj = adjustPValues(ps, "holm") as number[];
        ps.forEach((p, i) => {
          expect(adj[i]).toBeGreaterThanOrEqual(p);
          expect(adj[i]).toBeLessThanOrEqual(1);
          ps.forEach((q, j) => {
            if (p <= q) expect(adj[i]).toBeLessThanOrEqual(adj[j]);
          });
        });
      }),
    );
  });

  it("Benjamini–Hochberg: between raw and Holm", () => {
    fc.assert(
      fc.property(pValues, (ps) => {
        const bh = adjustPValues(ps, "benjamini-hochberg") as number[];
        const holm = adjustPValues(ps, "holm") as number[];
        ps.forEach((p, i) => {
          expect(bh[i]).toBeGreaterThanOrEqual(p);
          expect(bh[i]).toBeLessThanOrEqual(holm[i] + 1e-15);
        });
      }),
    );
  });
});
