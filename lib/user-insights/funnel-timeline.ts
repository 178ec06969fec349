// The funnel over per-user event times (the `times` of user_event_days) instead of SQL over raw rows: the same
// semantics as lib/user-insights/store/funnel.ts. Every step-1 time in [from, to) starts an attempt; each later step
// takes the earliest unused event of its name at or after the previous step's time and within the window of t1
// (greedy earliest is optimal); a user counts once, at their furthest attempt (the earliest such attempt for the
// median step times). Times are microseconds since 1970, sorted ascending per event name.

import { median } from "simple-statistics";

/** One user's sorted event times per event name. */
export interface UserTimeline {
  userId: string;
  times: Map<string, Float64Array>;
}

export interface FurthestAttempt {
  reached: number;
  /** t1..t_reached in microseconds. */
  chain: number[];
}

/** First index whose value is >= x. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function furthestAttempt(steps: string[], user: UserTimeline, fromUs: number, toUs: number, windowUs: number): FurthestAttempt | null {
  const first = user.times.get(steps[0]);
  if (!first) return null;
  const byStep = steps.map((s) => user.times.get(s));
  // Steps may repeat an event name (view → view): an event then serves one step of an attempt only. With distinct
  // names no event can serve two steps, so nothing needs tracking.
  const repeats = new Set(steps).size < steps.length;
  let best: FurthestAttempt | null = null;
  for (let i = lowerBound(first, fromUs); i < first.length && first[i] < toUs; i++) {
    const t1 = first[i];
    const chain = [t1];
    const used = repeats ? new Map<string, Set<number>>([[steps[0], new Set([i])]]) : null;
    for (let j = 1; j < steps.length; j++) {
      const times = byStep[j];
      if (!times) break;
      const taken = used?.get(steps[j]);
      let at = lowerBound(times, chain[j - 1]);
      while (taken?.has(at)) at++;
      if (at >= times.length || times[at] > t1 + windowUs) break;
      chain.push(times[at]);
      if (taken) taken.add(at);
      else used?.set(steps[j], new Set([at]));
    }
    if (!best || chain.length > best.reached) best = { reached: chain.length, chain };
    if (best.reached === steps.length) break;
  }
  return best;
}

/** Like `percentile_cont(0.5)`: the middle value, or the mean of the two middle ones (simple-statistics' median). */
function medianOrNull(values: number[]): number | null {
  return values.length ? median(values) : null;
}

export interface FunnelStepCount {
  key: string | null;
  step: number;
  users: number;
  medianSeconds: number | null;
}

/**
 * Users reaching each step and the median seconds from the previous step, per breakdown key (`keysOf` gives a user's
 * keys: one trait value, or every saved cohort they belong to; without it every user counts under a null key).
 */
export function funnelStepCounts(
  steps: string[],
  users: Iterable<UserTimeline>,
  range: { fromUs: number; toUs: number; windowUs: number },
  keysOf?: (userId: string) => string[],
): FunnelStepCount[] {
  const k = steps.length;
  const cells = new Map<string | null, { users: number[]; gaps: number[][] }>();
  for (const user of users) {
    const attempt = furthestAttempt(steps, user, range.fromUs, range.toUs, range.windowUs);
    if (!attempt) continue;
    for (const key of keysOf ? keysOf(user.userId) : [null]) {
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { users: new Array<number>(k).fill(0), gaps: Array.from({ length: k }, () => []) }));
      for (let j = 0; j < attempt.reached; j++) {
        cell.users[j]++;
        if (j > 0) cell.gaps[j].push((attempt.chain[j] - attempt.chain[j - 1]) / 1e6);
      }
    }
  }
  const rows: FunnelStepCount[] = [];
  for (const [key, cell] of cells) {
    for (let j = 0; j < k; j++) {
      if (cell.users[j] > 0) rows.push({ key, step: j + 1, users: cell.users[j], medianSeconds: j === 0 ? null : medianOrNull(cell.gaps[j]) });
    }
  }
  return rows;
}

/** Who reached `step - 1` but not `step` (1-based). */
export function droppedAt(steps: string[], users: Iterable<UserTimeline>, range: { fromUs: number; toUs: number; windowUs: number }, step: number): string[] {
  const out: string[] = [];
  for (const user of users) {
    if (furthestAttempt(steps, user, range.fromUs, range.toUs, range.windowUs)?.reached === step - 1) out.push(user.userId);
  }
  return out;
}
