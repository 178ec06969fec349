// A share estimated from a sample (k of n): the Wilson score interval (Wilson 1927), which stays inside [0, 1] and
// keeps its coverage at small n, where the usual p ± 1.96·√(p(1−p)/n) collapses to a point at 0 or 1 of 5.

/** Below this many observations a share is not shown as a headline rate ("not enough data yet"). */
export const MIN_SAMPLE_FOR_RATE = 20;

export interface ShareEstimate {
  successes: number;
  n: number;
  /** k / n, or null when n = 0. */
  share: number | null;
  /** The 95% Wilson interval, or null when n = 0. */
  low: number | null;
  high: number | null;
  /** Whether n reaches the minimum sample for a headline rate. */
  enough: boolean;
}

export function estimateShare(successes: number, n: number, minSample = MIN_SAMPLE_FOR_RATE, z = 1.959963984540054): ShareEstimate {
  if (!(n > 0)) return { successes, n: 0, share: null, low: null, high: null, enough: false };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { successes, n, share: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), enough: n >= minSample };
}
