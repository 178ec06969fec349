// Shapes lifecycle counts into the reply: every UTC period overlapping [from, to) (empty ones included), with its new,
// returning, resurrecting and dormant users. Dormant is a count here; charts draw it below zero, as PostHog does.
import type { LifecycleInput } from "./inputs";
import { periodStart } from "./retention";
import type { LifecycleCount } from "./store/lifecycle";

export interface LifecyclePeriod {
  start: string;
  new: number;
  returning: number;
  resurrecting: number;
  /** Active in the previous period, not in this one. */
  dormant: number;
  /** Users active in this period (new + returning + resurrecting). */
  active: number;
}

export interface LifecycleReply {
  period: "day" | "week";
  periods: LifecyclePeriod[];
}

const DAY_MS = 86_400_000;

export function lifecycleReply(input: LifecycleInput, counts: LifecycleCount[]): LifecycleReply {
  const stepMs = (input.period === "day" ? 1 : 7) * DAY_MS;
  const byCell = new Map(counts.map((c) => [`${c.period}|${c.status}`, c.users]));
  const periods: LifecyclePeriod[] = [];
  for (let t = periodStart(input.from, input.period).getTime(); t < input.to.getTime(); t += stepMs) {
    const start = new Date(t).toISOString().replace(".000Z", "Z");
    const n = (status: string) => byCell.get(`${start}|${status}`) ?? 0;
    const p = { start, new: n("new"), returning: n("returning"), resurrecting: n("resurrecting"), dormant: n("dormant") };
    periods.push({ ...p, active: p.new + p.returning + p.resurrecting });
  }
  return { period: input.period, periods };
}
