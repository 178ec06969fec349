// Admin view of Spectrum's health: coverage and the weekly job SLA (the last full week, whatever the range), and
// validation failures, cost per user and job runs over the dashboard's time range (default the last 7 days).
import { and, countDistinct, desc, eq, gte, inArray, lt, sql, sum } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobRuns, projects, spectrumInsights, spectrumPeriodAggregates, spectrumSessions } from "@/db/schema";
import { previousPeriodRange } from "../period-range";
import { weeklySla } from "../weekly-sla";

export { WEEKLY_SLA_HOURS, type WeeklySlaStatus } from "../weekly-sla";

const SPECTRUM_JOBS = ["spectrum-session-analysis", "spectrum-weekly", "spectrum-monthly"];

/** How far back job runs are read to judge the weekly SLA, whatever the range (the deadline is at most a week old). */
const SLA_LOOKBACK_MS = 30 * 86_400_000;

export async function spectrumHealth(db: Db, projectId: string, window: { from: Date; to: Date }, now = new Date()) {
  const week = previousPeriodRange(now, "week");
  const inWindow = (t: Date) => t >= window.from && t < window.to;
  const [withSessions] = await db
    .select({ n: countDistinct(spectrumSessions.userId) })
    .from(spectrumSessions)
    .where(and(eq(spectrumSessions.projectId, projectId), gte(spectrumSessions.startedAt, week.start), lt(spectrumSessions.startedAt, week.end)));
  const [withAggregate] = await db
    .select({ n: countDistinct(spectrumPeriodAggregates.userId) })
    .from(spectrumPeriodAggregates)
    .where(and(eq(spectrumPeriodAggregates.projectId, projectId), eq(spectrumPeriodAggregates.granularity, "week"), eq(spectrumPeriodAggregates.periodKey, week.key)));
  const [withInsight] = await db
    .select({ n: countDistinct(spectrumInsights.userId) })
    .from(spectrumInsights)
    .where(and(eq(spectrumInsights.projectId, projectId), eq(spectrumInsights.kind, "weekly"), eq(spectrumInsights.periodKey, week.key)));
  const [inWindowInsights] = await db
    .select({ n: sql<number>`count(*)::int`, rejected: sum(spectrumInsights.rejectedAttempts), cost: sum(spectrumInsights.costUsd), users: countDistinct(spectrumInsights.userId) })
    .from(spectrumInsights)
    .where(and(eq(spectrumInsights.projectId, projectId), gte(spectrumInsights.createdAt, window.from), lt(spectrumInsights.createdAt, window.to)));
  const providers = await db
    .selectDistinct({ provider: spectrumInsights.provider, model: spectrumInsights.model })
    .from(spectrumInsights)
    .where(and(eq(spectrumInsights.projectId, projectId), gte(spectrumInsights.createdAt, window.from), lt(spectrumInsights.createdAt, window.to)));
  // Runs of the embedded runner carry no project id; Spectrum runs for this project are recognised by payload.
  const runs = await db
    .select()
    .from(jobRuns)
    .where(and(inArray(jobRuns.functionId, SPECTRUM_JOBS), gte(jobRuns.createdAt, new Date(Math.min(window.from.getTime(), now.getTime() - SLA_LOOKBACK_MS)))))
    .orderBy(desc(jobRuns.createdAt))
    .limit(500);
  const all = runs.filter((r) => !r.payload.projectId || r.payload.projectId === projectId);
  const mine = all.filter((r) => inWindow(r.createdAt));
  const weekly = mine.filter((r) => r.functionId === "spectrum-weekly");
  const weeklyAll = all.filter((r) => r.functionId === "spectrum-weekly");
  const [project] = await db.select({ createdAt: projects.createdAt }).from(projects).where(eq(projects.id, projectId));
  const sla = weeklySla(now, project?.createdAt ?? now, weeklyAll.flatMap((r) => (r.status === "succeeded" && r.finishedAt ? [r.finishedAt] : [])));
  const lastWeekly = weeklyAll.find((r) => r.status === "succeeded") ?? null;
  const durations = weekly.flatMap((r) => (r.durationMs === null ? [] : [r.durationMs])).sort((a, b) => a - b);
  return {
    week: week.key,
    coverage: { usersWithSessions: withSessions.n, usersWithWeeklyAggregate: withAggregate.n, usersWithWeeklyInsight: withInsight.n },
    weeklyJob: {
      runs: weekly.length,
      succeeded: weekly.filter((r) => r.status === "succeeded").length,
      dead: weekly.filter((r) => r.status === "dead").length,
      lastSucceededAt: lastWeekly?.finishedAt?.toISOString() ?? null,
      /** What started the last successful run when it was not the schedule or an event (e.g. "demo set-up"). */
      lastSucceededSource: typeof lastWeekly?.payload.source === "string" ? lastWeekly.payload.source : null,
      p95DurationMs: durations.length ? durations[Math.min(durations.length - 1, Math.ceil(durations.length * 0.95) - 1)] : null,
      sla,
    },
    validation: {
      insights: inWindowInsights.n,
      rejectedAttempts: Number(inWindowInsights.rejected ?? 0),
      deadLetteredRuns: mine.filter((r) => r.status === "dead").length,
      lastDeadError: mine.find((r) => r.status === "dead")?.lastError ?? null,
    },
    cost: { totalUsd: Number(inWindowInsights.cost ?? 0), users: inWindowInsights.users, perUserUsd: inWindowInsights.users ? Number(inWindowInsights.cost ?? 0) / inWindowInsights.users : 0, providers },
  };
}
