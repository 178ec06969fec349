// Every number, percentage, duration and date the UI shows goes through here, so the same value reads the same
// on every page (en-US separators, counts never fractional, dates in UTC). Pure: usable by server pages too.

type Maybe<T> = T | null | undefined;
const DASH = "—";
const finite = (v: Maybe<number>): v is number => typeof v === "number" && Number.isFinite(v);

/** A count: rounded to a whole number, with thousands separators. */
export function formatCount(n: Maybe<number>): string {
  return finite(n) ? Math.round(n).toLocaleString("en-US") : DASH;
}

/** A measured number with thousands separators and at most `maxDigits` decimals. */
export function formatNumber(n: Maybe<number>, maxDigits = 2): string {
  return finite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: maxDigits }) : DASH;
}

/** A fraction (0.123) as a percentage ("12.3%"). */
export function formatPercent(fraction: Maybe<number>, digits = 1): string {
  return finite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : DASH;
}

/** A fraction as percentage points for charts (0.1234 → 12.34, or 12.3 with digits = 1); null when unknown. */
export function toPercentPoints(fraction: Maybe<number>, digits?: number): number | null {
  if (!finite(fraction)) return null;
  const points = fraction * 100;
  if (digits === undefined) return points;
  const scale = 10 ** digits;
  return Math.round(points * scale) / scale;
}

/** Units of things that are counted: shown as whole numbers, singular for one ("1 trace", never "1 traces"). */
const COUNTED_UNITS = new Set(["sessions", "messages", "users", "traces", "requests", "tokens", "calls", "events"]);

/** A metric value in its unit: rates (stored as fractions) as percentages, ms, USD, counts whole, or a number with its unit. */
export function formatMetricValue(value: Maybe<number>, unit: string): string {
  if (!finite(value)) return DASH;
  if (unit === "%") return formatPercent(value);
  if (COUNTED_UNITS.has(unit)) {
    const whole = Math.round(value);
    return `${formatCount(whole)} ${Math.abs(whole) === 1 ? unit.slice(0, -1) : unit}`;
  }
  if (unit === "ms") return `${formatCount(value)} ms`;
  if (unit === "USD") return `$${value.toFixed(value < 1 ? 4 : 2)}`;
  const s = formatNumber(value, Math.abs(value) >= 100 ? 0 : 2);
  return unit ? `${s} ${unit}` : s;
}

export function formatDuration(ms: Maybe<number>): string {
  if (!finite(ms)) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** USD with enough digits that small LLM costs are not shown as $0.00. */
export function formatCost(usd: Maybe<number>): string {
  if (!finite(usd)) return DASH;
  if (usd === 0) return "$0";
  if (usd < 0.01) return `$${usd.toFixed(6)}`;
  return `$${usd.toFixed(4)}`;
}

export const formatTokens = formatCount;

const iso = (value: Maybe<string | number | Date>): string | null => {
  if (value === null || value === undefined || value === "") return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

/** The UTC calendar day: "2026-11-03". */
export function formatDay(value: Maybe<string | number | Date>): string {
  return iso(value)?.slice(0, 10) ?? DASH;
}

/** To the minute, in UTC: "2026-11-03 14:05 UTC". */
export function formatUtcMinute(value: Maybe<string | number | Date>): string {
  const s = iso(value);
  return s ? `${s.slice(0, 16).replace("T", " ")} UTC` : DASH;
}

/** To the millisecond, in UTC (trace timings): "2026-11-03 14:05:09.123 UTC". */
export function formatTimestamp(value: Maybe<string | number | Date>): string {
  const s = iso(value);
  return s ? `${s.replace("T", " ").slice(0, 23)} UTC` : DASH;
}

/** In the reader's locale and time zone: "Nov 3, 2026, 3:05 PM". */
export function formatDate(value: Maybe<string | number | Date>): string {
  const s = iso(value);
  return s ? new Date(s).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : DASH;
}

/** The value of a `datetime-local` filter input, in UTC to the minute ("2026-11-03T14:05"); empty when unset. */
export function toDateTimeInput(value: Maybe<string | number | Date>): string {
  return iso(value)?.slice(0, 16) ?? "";
}

/** An anomaly score; a dash when missing (a non-finite score stored before scores were capped reads back as null). */
export function formatScore(score: Maybe<number>): string {
  return finite(score) ? score.toFixed(1) : DASH;
}

/**
 * A share estimated from a sample, always with its n: "25% of 120 (95% CI 18–33%)"; below the minimum sample
 * "not enough data yet (1 of 4)", never a headline rate from a handful of users.
 */
export function formatShare(e: { successes: number; n: number; share: number | null; low: number | null; high: number | null; enough: boolean }): string {
  if (e.n === 0 || e.share === null) return "no data yet";
  const counts = `${formatCount(e.successes)} of ${formatCount(e.n)}`;
  if (!e.enough) return `not enough data yet (${counts})`;
  return `${formatPercent(e.share, 0)} (${counts}; 95% CI ${formatPercent(e.low, 0)}–${formatPercent(e.high, 0)})`;
}
