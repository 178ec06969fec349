/** Formats a metric value in its unit (rates are stored as fractions). */
export function formatMetricValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return "—";
  if (unit === "%") return `${(value * 100).toFixed(1)}%`;
  if (unit === "ms") return `${Math.round(value).toLocaleString("en-US")} ms`;
  if (unit === "USD") return `$${value.toFixed(value < 1 ? 4 : 2)}`;
  const s = value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  return unit ? `${s} ${unit}` : s;
}

/** An anomaly score; "—" when missing (a non-finite score stored before scores were capped reads back as null). */
export function formatScore(score: number | null | undefined): string {
  return typeof score === "number" && Number.isFinite(score) ? score.toFixed(1) : "—";
}

export const kindLabel: Record<string, string> = { spike: "Spike", drop: "Drop", level_shift: "Level shift", trend: "Trend", drift: "Drift" };
