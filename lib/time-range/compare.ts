// Compare-to-previous for a KPI: the previous period's value and the change, shown only when the comparison is
// honest. No previous data means no change (not "+100%"); a previous period the data only partly covers is labelled.

export type PeriodCoverage = "full" | "partial" | "none";

export interface Comparison {
  previous: number | null;
  /** current − previous; null when there is nothing to compare. */
  change: number | null;
  /** change / |previous|; null when previous is 0 or missing (a ratio to nothing is not a change). */
  relative: number | null;
  coverage: PeriodCoverage;
}

/**
 * How much of a period the data covers: none when the data starts after it (or there is none), partial when it
 * starts inside it, full when it starts at or before its start.
 */
export function periodCoverage(period: { from: Date; to: Date }, firstDataAt: Date | null): PeriodCoverage {
  if (!firstDataAt || firstDataAt.getTime() >= period.to.getTime()) return "none";
  return firstDataAt.getTime() > period.from.getTime() ? "partial" : "full";
}

/** The comparison of a current value with the previous period's (either may be null: "no value", e.g. a rate of nothing). */
export function compareValues(current: number | null, previous: number | null, coverage: PeriodCoverage): Comparison {
  if (coverage === "none" || previous === null || current === null || !Number.isFinite(previous) || !Number.isFinite(current)) {
    return { previous: coverage === "none" ? null : previous, change: null, relative: null, coverage };
  }
  const change = current - previous;
  return { previous, change, relative: previous === 0 ? null : change / Math.abs(previous), coverage };
}
