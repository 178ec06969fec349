// Shapes stickiness counts into the reply: one entry per UTC week (Monday) or month that overlaps [from, to), with
// the number of users active on 1, 2, … distinct days of it and the mean; edge periods only count days in the range.
import type { StickinessInput } from "./inputs";
import { periodStart } from "./retention";
import type { StickinessCount } from "./store/stickiness";

export interface StickinessPeriod {
  start: string;
  /** Days of this period inside [from, to): the most days a user can have been active in it. */
  daysInRange: number;
  users: number;
  /** distribution[i]: users active on exactly i + 1 distinct days of the period. */
  distribution: number[];
  mean: number | null;
}

export interface StickinessReply {
  period: "week" | "month";
  periods: StickinessPeriod[];
  /** Over every (user, period) pair of the range. */
  overall: { userPeriods: number; distribution: number[]; mean: number | null };
}

const DAY_MS = 86_400_000;
const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");

export function startOf(t: Date, period: "week" | "month"): Date {
  return period === "week" ? periodStart(t, "week") : new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1));
}
export function next(t: Date, period: "week" | "month"): Date {
  return period === "week" ? new Date(t.getTime() + 7 * DAY_MS) : new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1));
}

const meanOf = (distribution: number[]) => {
  const users = distribution.reduce((s, n) => s + n, 0);
  return users === 0 ? null : distribution.reduce((s, n, i) => s + n * (i + 1), 0) / users;
};

export function stickinessReply(input: StickinessInput, counts: StickinessCount[]): StickinessReply {
  const width = input.period === "week" ? 7 : 31;
  const overall = new Array<number>(width).fill(0);
  const periods: StickinessPeriod[] = [];
  for (let s = startOf(input.from, input.period); s < input.to; s = next(s, input.period)) {
    const end = next(s, input.period);
    const inRange = Math.min(end.getTime(), input.to.getTime()) - Math.max(s.getTime(), input.from.getTime());
    const distribution = new Array<number>(width).fill(0);
    for (const c of counts) if (c.period === iso(s) && c.days >= 1 && c.days <= width) distribution[c.days - 1] += c.users;
    distribution.forEach((n, i) => (overall[i] += n));
    const users = distribution.reduce((a, b) => a + b, 0);
    periods.push({ start: iso(s), daysInRange: Math.ceil(inRange / DAY_MS), users, distribution, mean: meanOf(distribution) });
  }
  return { period: input.period, periods, overall: { userPeriods: overall.reduce((a, b) => a + b, 0), distribution: overall, mean: meanOf(overall) } };
}
