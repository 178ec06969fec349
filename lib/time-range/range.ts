// The one time range of the dashboard: presets (24h, 7d, 30d, 90d) or a custom from/to, with an optional comparison
// to the previous period of the same length, read from and written to the URL (`?range=7d`, `?from=&to=`,
// `&compare=previous`). Every page that reads a time window resolves it here, so the same URL means the same window.

const DAY_MS = 86_400_000;

export const RANGE_PRESETS = { "24h": 1, "7d": 7, "30d": 30, "90d": 90 } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
export const DEFAULT_RANGE: RangePreset = "7d";
export const PRESET_LABELS: Record<RangePreset, string> = { "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days" };
/** A custom range may span at most this many days (the longest preset, plus a margin), so no URL scans all time. */
export const MAX_RANGE_DAYS = 400;
/** The URL keys the range owns; links that carry the range copy exactly these. */
export const RANGE_KEYS = ["range", "from", "to", "compare"] as const;

export interface TimeRange {
  /** The preset, or null for a custom from/to. */
  preset: RangePreset | null;
  from: Date;
  /** Exclusive end. */
  to: Date;
  /** Whether the previous period of the same length is shown next to this one. */
  compare: boolean;
}

export interface ParsedRange {
  range: TimeRange;
  /** What was wrong with the URL's range, in words, when it fell back to the default; null when it was fine. */
  problem: string | null;
}

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

const get = (p: Params, key: string): string | undefined => {
  const v = p instanceof URLSearchParams ? p.get(key) ?? undefined : p[key];
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined || one.trim() === "" ? undefined : one.trim();
};

const isPreset = (v: string): v is RangePreset => Object.hasOwn(RANGE_PRESETS, v);

/** The window of a preset ending now. */
export function presetRange(preset: RangePreset, now: Date, compare = false): TimeRange {
  return { preset, from: new Date(now.getTime() - RANGE_PRESETS[preset] * DAY_MS), to: now, compare };
}

const DATE_ONLY = /^\d{4}-\d\d-\d\d$/;
const LOCAL_DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/;
const ZONED_DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

/**
 * A from/to bound: a date (`2026-11-01`; as `to` it includes that whole day), an ISO date-time with a zone, or a
 * datetime-local value without one (read as UTC). Returns null when the text is none of these.
 */
export function parseBound(text: string, as: "from" | "to"): Date | null {
  let t: Date;
  if (DATE_ONLY.test(text)) {
    t = new Date(`${text}T00:00:00Z`);
    if (!Number.isNaN(t.getTime()) && as === "to") t = new Date(t.getTime() + DAY_MS);
  } else if (LOCAL_DATETIME.test(text)) t = new Date(`${text}Z`);
  else if (ZONED_DATETIME.test(text)) t = new Date(text);
  else return null;
  if (Number.isNaN(t.getTime())) return null;
  // Reject calendar rollovers such as 2026-02-31 (Date would read it as March 3rd).
  if (text.slice(0, 10) !== new Date(t.getTime() - (DATE_ONLY.test(text) && as === "to" ? DAY_MS : 0) - offsetMs(text)).toISOString().slice(0, 10)) return null;
  return t;
}

function offsetMs(text: string): number {
  const m = /([+-])(\d\d):(\d\d)$/.exec(text);
  if (!m) return 0;
  return (m[1] === "+" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/**
 * The range a URL asks for. A custom from/to takes precedence over `range`; anything invalid falls back to the
 * default preset and says why, so a hand-edited link shows a message, never an error page.
 */
export function parseTimeRange(params: Params, now: Date): ParsedRange {
  const compareText = get(params, "compare");
  const problems: string[] = [];
  let compare = false;
  if (compareText !== undefined) {
    if (compareText === "previous") compare = true;
    else problems.push(`compare: must be "previous" (got "${compareText}")`);
  }
  const fromText = get(params, "from");
  const toText = get(params, "to");
  const fallback = (problem: string): ParsedRange => ({ range: presetRange(DEFAULT_RANGE, now, compare), problem: [...problems, problem].join("; ") });

  if (fromText !== undefined || toText !== undefined) {
    if (fromText === undefined) return fallback("from: a custom range needs a start (from) as well as an end (to)");
    const from = parseBound(fromText, "from");
    if (!from) return fallback(`from: "${fromText}" is not a date (use YYYY-MM-DD or an ISO date-time)`);
    const to = toText === undefined ? now : parseBound(toText, "to");
    if (!to) return fallback(`to: "${toText}" is not a date (use YYYY-MM-DD or an ISO date-time)`);
    if (from.getTime() >= to.getTime()) return fallback("to: the end must be after the start");
    if (from.getTime() < Date.UTC(2000, 0, 1)) return fallback("from: must be in the year 2000 or later");
    if (from.getTime() > now.getTime()) return fallback("from: the start is in the future");
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) return fallback(`to: a range may span at most ${MAX_RANGE_DAYS} days`);
    return { range: { preset: null, from, to, compare }, problem: problems.length ? problems.join("; ") : null };
  }
  const rangeText = get(params, "range");
  if (rangeText !== undefined && !isPreset(rangeText)) {
    return fallback(`range: must be one of ${Object.keys(RANGE_PRESETS).join(", ")} (got "${rangeText}")`);
  }
  return { range: presetRange(rangeText ?? DEFAULT_RANGE, now, compare), problem: problems.length ? problems.join("; ") : null };
}

const isMidnight = (t: Date) => t.getTime() % DAY_MS === 0;

/** The URL parameters of a range, in a stable order (a preset is always written, so a link says its window). */
export function rangeParams(range: TimeRange): [string, string][] {
  const out: [string, string][] = [];
  if (range.preset) {
    out.push(["range", range.preset]);
  } else if (isMidnight(range.from) && isMidnight(range.to)) {
    // Whole UTC days read as dates, the end inclusive (as a date picker shows them).
    out.push(["from", range.from.toISOString().slice(0, 10)], ["to", new Date(range.to.getTime() - DAY_MS).toISOString().slice(0, 10)]);
  } else {
    out.push(["from", range.from.toISOString()], ["to", range.to.toISOString()]);
  }
  if (range.compare) out.push(["compare", "previous"]);
  return out;
}

/** The window's own URL fields (`range`, or `from` and `to`; no `compare`), for a client that passes them to an API. */
export function windowFields(range: TimeRange): { range?: string; from?: string; to?: string } {
  return Object.fromEntries(rangeParams({ ...range, compare: false }));
}

/**
 * `href` with the range's parameters (replacing any it had), other parameters kept: every internal link of a
 * range-aware page goes through this, so a drill-down shows the window its number came from.
 */
export function withRange(href: string, range: TimeRange | [string, string][]): string {
  const pairs = Array.isArray(range) ? range : rangeParams(range);
  const hash = href.indexOf("#");
  const [base, fragment] = hash >= 0 ? [href.slice(0, hash), href.slice(hash)] : [href, ""];
  const q = base.indexOf("?");
  const path = q >= 0 ? base.slice(0, q) : base;
  const params = new URLSearchParams(q >= 0 ? base.slice(q + 1) : "");
  for (const key of RANGE_KEYS) params.delete(key);
  for (const [k, v] of pairs) params.append(k, v);
  const query = params.toString();
  return `${path}${query ? `?${query}` : ""}${fragment}`;
}

/** Only the range's own parameters of a URL's query (what the sidebar carries from page to page). */
export function pickRangeParams(params: Params): [string, string][] {
  const out: [string, string][] = [];
  for (const key of RANGE_KEYS) {
    const v = get(params, key);
    if (v !== undefined) out.push([key, v]);
  }
  return out;
}

/** The period of the same length just before the range. */
export function previousPeriod(range: Pick<TimeRange, "from" | "to">): { from: Date; to: Date } {
  const length = range.to.getTime() - range.from.getTime();
  return { from: new Date(range.from.getTime() - length), to: range.from };
}

const fmt = (t: Date) => (isMidnight(t) ? t.toISOString().slice(0, 10) : `${t.toISOString().slice(0, 16).replace("T", " ")}`);

/** The range in words, e.g. "last 7 days" or "2026-11-01 – 2026-11-07 (UTC)". */
export function describeRange(range: Pick<TimeRange, "preset" | "from" | "to">): string {
  if (range.preset) return PRESET_LABELS[range.preset].toLowerCase();
  const end = isMidnight(range.from) && isMidnight(range.to) ? new Date(range.to.getTime() - DAY_MS) : range.to;
  const [a, b] = [fmt(range.from), fmt(end)];
  return a === b ? `${a} (UTC)` : `${a} – ${b} (UTC)`;
}

/** The window a KPI covers, for its "how is this computed" note. */
export function describeWindow(range: Pick<TimeRange, "preset" | "from" | "to">): string {
  if (range.preset) return `the ${RANGE_PRESETS[range.preset] * 24} hours up to now (${PRESET_LABELS[range.preset].toLowerCase()})`;
  return `${range.from.toISOString().slice(0, 16).replace("T", " ")} to ${range.to.toISOString().slice(0, 16).replace("T", " ")} UTC, end excluded`;
}

/** The UTC days a window covers only in part (its first and last), drawn lighter on daily charts. */
export function partialDays(bounds: { from: Date; to: Date }): string[] {
  const day = (t: Date) => t.toISOString().slice(0, 10);
  const out = new Set<string>();
  if (!isMidnight(bounds.from)) out.add(day(bounds.from));
  if (!isMidnight(bounds.to)) out.add(day(bounds.to));
  return [...out];
}
