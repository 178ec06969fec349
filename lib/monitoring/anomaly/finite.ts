// Stored anomalies hold finite numbers only: PostgreSQL keeps Infinity, but JSON turns it into null and the pages
// reading anomalies format every number. An overflowing score is capped; a point whose value itself is not finite
// is not an anomaly anyone can act on and is left out.

/** Scores at or beyond this are all "off the scale"; capping keeps ordering by score meaningful. */
export const MAX_ANOMALY_SCORE = 1e6;

interface Scored {
  value: number;
  expected: number;
  lower: number;
  upper: number;
  score: number;
}

export function finiteAnomaly<A extends Scored>(a: A): A | null {
  if (!Number.isFinite(a.value) || !Number.isFinite(a.expected) || Number.isNaN(a.score)) return null;
  const score = Math.max(-MAX_ANOMALY_SCORE, Math.min(MAX_ANOMALY_SCORE, a.score));
  const lower = Number.isFinite(a.lower) ? a.lower : Math.min(a.expected, a.value);
  const upper = Number.isFinite(a.upper) ? a.upper : Math.max(a.expected, a.value);
  return { ...a, score, lower, upper };
}
