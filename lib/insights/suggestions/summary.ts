// The share of suggestions marked useful, per week: the product requirement's "actionable 80% of the time" is read from
// it. "Done" counts as useful (the team acted on it); each week carries its n so a share of 1 verdict reads as such.
import type { Db } from "@/db/client";
import { periodStart } from "@/lib/user-insights/retention";
import { weeklyVerdicts } from "../store/suggestions";

export const SUMMARY_WEEKS = 12;

export async function usefulShareByWeek(db: Db, projectId: string, now: Date) {
  const from = new Date(periodStart(now, "week").getTime() - (SUMMARY_WEEKS - 1) * 7 * 86_400_000);
  const weeks = (await weeklyVerdicts(db, projectId, from)).map((w) => {
    const n = w.useful + w.notUseful + w.done;
    return { ...w, n, usefulShare: n === 0 ? null : (w.useful + w.done) / n };
  });
  const total = weeks.reduce((a, w) => ({ useful: a.useful + w.useful + w.done, n: a.n + w.n }), { useful: 0, n: 0 });
  return { from: from.toISOString(), weeks, overall: { n: total.n, usefulShare: total.n === 0 ? null : total.useful / total.n }, target: 0.8 };
}
