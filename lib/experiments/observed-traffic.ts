import type { Db } from "@/db/client";
import { dailyActivity, summarize } from "@/lib/overview/summary";

/** Baselines for the power calculator from the last 14 days of real events (null when there are none). */
export async function observedTraffic(db: Db, projectId: string, now = new Date()) {
  const days = await dailyActivity(db, projectId, 14, now);
  if (days.length === 0) return { usersPerDay: null, thumbsUpRate: null };
  const s = summarize(days);
  return {
    usersPerDay: Math.round(days.reduce((sum, d) => sum + d.activeUsers, 0) / days.length),
    thumbsUpRate: s.thumbsUpRate,
  };
}
