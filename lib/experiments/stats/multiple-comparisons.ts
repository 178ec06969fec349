/**
 * Adjusted p-values for the family of goal metrics × treatment variants, so a
 * dashboard with many comparisons does not produce "winners" by chance.
 * Holm–Bonferroni controls the family-wise error rate; Benjamini–Hochberg
 * controls the false discovery rate and is less conservative.
 */

export type PValueCorrection = "holm" | "benjamini-hochberg";

/**
 * Adjusted p-values in the input order. Nulls (comparisons that could not be
 * computed) pass through and do not count towards the family size.
 */
export function adjustPValues(
  pValues: ReadonlyArray<number | null>,
  method: PValueCorrection,
): Array<number | null> {
  const indexed = pValues
    .map((p, index) => ({ p, index }))
    .filter((x): x is { p: number; index: number } => x.p !== null)
    .sort((a, b) => a.p - b.p);
  const m = indexed.length;
  const adjusted: Array<number | null> = pValues.map(() => null);

  if (method === "holm") {
    // Step-down: rank i (0-based) is multiplied by m − i; a running max keeps
    // the adjusted values monotone in the raw ones.
    let runningMax = 0;
    indexed.forEach(({ p, index }, i) => {
      runningMax = Math.max(runningMax, Math.min(1, (m - i) * p));
      adjusted[index] = runningMax;
    });
  } else {
    // Step-up: rank i (1-based) is multiplied by m / i; a running min from the
    // largest p-value down keeps monotonicity.
    let runningMin = 1;
    for (let i = m - 1; i >= 0; i--) {
      const { p, index } = indexed[i];
      runningMin = Math.min(runningMin, (m / (i + 1)) * p);
      adjusted[index] = runningMin;
    }
  }
  return adjusted;
}
