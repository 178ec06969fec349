// Calendar periods for weekly/monthly reports, in UTC. (Per-user time zones
// only affect which day a session falls on; see PeriodOptions.timeZone.)

export type Granularity = "week" | "month";

export interface PeriodRange {
  /** Inclusive start. */
  start: Date;
  /** Exclusive end. */
  end: Date;
  /** "2025-W03" (ISO week) or "2025-01". */
  key: string;
}

const DAY = 86_400_000;

/** ISO-8601 week: weeks start on Monday; week 1 contains the first Thursday. */
function isoWeekKey(monday: Date): string {
  const thursday = new Date(monday.getTime() + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / DAY / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function periodRange(anchor: Date, granularity: Granularity): PeriodRange {
  if (granularity === "month") {
    const start = new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), 1));
    const end = new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() + 1, 1));
    return { start, end, key: `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, "0")}` };
  }
  const midnight = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate());
  const daysSinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  const start = new Date(midnight - daysSinceMonday * DAY);
  return { start, end: new Date(start.getTime() + 7 * DAY), key: isoWeekKey(start) };
}

/** The period immediately before the one containing `anchor`. */
export function previousPeriodRange(anchor: Date, granularity: Granularity): PeriodRange {
  const current = periodRange(anchor, granularity);
  return periodRange(new Date(current.start.getTime() - 1), granularity);
}
