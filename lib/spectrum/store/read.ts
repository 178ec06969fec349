// Read models of a user's Spectrum (member pages and the on-behalf-of API), cached until a job or control writes.
import { and, desc, eq, gte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { spectrumInsights, spectrumPeriodAggregates, spectrumSessionAggregates } from "@/db/schema";
import { EMOTIONS, type Emotion, type EmotionVector } from "../types";
import type { PeriodAggregate } from "../period-aggregate";
import { PATTERN_LABELS, type SessionPattern } from "../session-patterns";
import { cachedOverview } from "./cache";
import { isCounted, loadUserScope } from "./scope";
import { listExclusions } from "./controls";

const WEEKS_SHOWN = 16;
const DAY = 86_400_000;

export interface InsightCard {
  id: string;
  kind: "weekly" | "monthly";
  periodKey: string;
  periodStart: string;
  text: string;
  promptVersion: string;
  model: string;
  createdAt: string;
}

export interface SpectrumOverview {
  userId: string;
  resetAt: string | null;
  /** One point per week with data: mean emotion intensities (0..1) and valence (-1..1). */
  weeks: ({ periodKey: string; weekStart: string; sessionCount: number; valence: number } & Record<Emotion, number>)[];
  patterns: { pattern: string; label: string; sessions: number }[];
  feed: InsightCard[];
  monthly: MonthlyDeepDive | null;
  /** Recent sessions that count (excluded ones are listed under exclusions instead). */
  /** `patterns` are slugs (stable for API clients); `patternLabels` the same in words, for people. */
  sessions: { id: string; startedAt: string; dominant: string; patterns: string[]; patternLabels: string[] }[];
  exclusions: Awaited<ReturnType<typeof listExclusions>>;
}

export interface MonthlyDeepDive {
  periodKey: string;
  insight: InsightCard | null;
  sessionCount: number;
  topEmotions: { emotion: Emotion; mean: number }[];
  valence: number;
  valenceShift: number | null;
  patternShares: { pattern: string; label: string; share: number }[];
  notableDays: PeriodAggregate["notableDays"];
}

const card = (r: typeof spectrumInsights.$inferSelect): InsightCard => ({
  id: r.id,
  kind: r.kind,
  periodKey: r.periodKey,
  periodStart: r.periodStart.toISOString(),
  text: r.text,
  promptVersion: `${r.promptName}/${r.promptVersion}`,
  model: r.model,
  createdAt: r.createdAt.toISOString(),
});

const label = (p: string) => PATTERN_LABELS[p as SessionPattern] ?? p;
const round = (x: number) => Math.round(x * 1000) / 1000;

export async function weeklyFeed(db: Db, projectId: string, userId: string, limit = 12): Promise<InsightCard[]> {
  const rows = await db
    .select()
    .from(spectrumInsights)
    .where(and(eq(spectrumInsights.projectId, projectId), eq(spectrumInsights.userId, userId), eq(spectrumInsights.kind, "weekly")))
    .orderBy(desc(spectrumInsights.periodStart))
    .limit(limit);
  return rows.map(card);
}

/** The monthly deep dive of `month` (YYYY-MM), or of the latest month with an aggregate. */
export async function monthlyDeepDive(db: Db, projectId: string, userId: string, month?: string): Promise<MonthlyDeepDive | null> {
  const [agg] = await db
    .select()
    .from(spectrumPeriodAggregates)
    .where(
      and(
        eq(spectrumPeriodAggregates.projectId, projectId),
        eq(spectrumPeriodAggregates.userId, userId),
        eq(spectrumPeriodAggregates.granularity, "month"),
        month ? eq(spectrumPeriodAggregates.periodKey, month) : undefined,
      ),
    )
    .orderBy(desc(spectrumPeriodAggregates.periodStart))
    .limit(1);
  if (!agg) return null;
  const [insight] = await db
    .select()
    .from(spectrumInsights)
    .where(and(eq(spectrumInsights.projectId, projectId), eq(spectrumInsights.userId, userId), eq(spectrumInsights.kind, "monthly"), eq(spectrumInsights.periodKey, agg.periodKey)));
  const a = agg.aggregate as PeriodAggregate;
  return {
    periodKey: agg.periodKey,
    insight: insight ? card(insight) : null,
    sessionCount: a.sessionCount,
    topEmotions: EMOTIONS.map((emotion) => ({ emotion, mean: round(a.stats[emotion].mean) }))
      .sort((x, y) => y.mean - x.mean)
      .slice(0, 3),
    valence: round(a.stats.valence.mean),
    valenceShift: a.shifts ? round(a.shifts.valence.delta) : null,
    patternShares: Object.entries(a.patternShares)
      .filter(([, s]) => s > 0)
      .sort((x, y) => y[1] - x[1])
      .map(([pattern, share]) => ({ pattern, label: label(pattern), share: round(share) })),
    notableDays: a.notableDays,
  };
}

async function loadOverview(db: Db, projectId: string, userId: string, now: Date): Promise<SpectrumOverview> {
  const since = new Date(now.getTime() - WEEKS_SHOWN * 7 * DAY);
  const scope = await loadUserScope(db, projectId, userId);
  const weeks = await db
    .select()
    .from(spectrumPeriodAggregates)
    .where(
      and(
        eq(spectrumPeriodAggregates.projectId, projectId),
        eq(spectrumPeriodAggregates.userId, userId),
        eq(spectrumPeriodAggregates.granularity, "week"),
        gte(spectrumPeriodAggregates.periodStart, since),
      ),
    )
    .orderBy(spectrumPeriodAggregates.periodStart);
  const sessions = await db
    .select()
    .from(spectrumSessionAggregates)
    .where(and(eq(spectrumSessionAggregates.projectId, projectId), eq(spectrumSessionAggregates.userId, userId), gte(spectrumSessionAggregates.startedAt, since)))
    .orderBy(desc(spectrumSessionAggregates.startedAt));
  const patternCounts = new Map<string, number>();
  for (const s of sessions) {
    if (!isCounted(scope, s.sessionId, s.startedAt)) continue;
    for (const p of s.patterns) patternCounts.set(p, (patternCounts.get(p) ?? 0) + 1);
  }
  return {
    userId,
    resetAt: scope.resetAt?.toISOString() ?? null,
    weeks: weeks.map((w) => {
      const v = w.meanVector as EmotionVector;
      const emotions = Object.fromEntries(EMOTIONS.map((e) => [e, round(v.emotions[e])])) as Record<Emotion, number>;
      return { periodKey: w.periodKey, weekStart: w.periodStart.toISOString().slice(0, 10), sessionCount: w.sessionCount, valence: round(v.valence), ...emotions };
    }),
    patterns: [...patternCounts.entries()].sort((a, b) => b[1] - a[1]).map(([pattern, n]) => ({ pattern, label: label(pattern), sessions: n })),
    feed: await weeklyFeed(db, projectId, userId),
    monthly: await monthlyDeepDive(db, projectId, userId),
    sessions: sessions
      // Every counted session of the window (16 weeks of one person's conversations: dozens, not thousands); the page
      // shows them a page at a time.
      .filter((s) => isCounted(scope, s.sessionId, s.startedAt))
      .map((s) => ({ id: s.sessionId, startedAt: s.startedAt.toISOString(), dominant: s.dominant, patterns: s.patterns, patternLabels: s.patterns.map(label) })),
    exclusions: await listExclusions(db, projectId, userId),
  };
}

export function spectrumOverview(db: Db, projectId: string, userId: string, now = new Date()): Promise<SpectrumOverview> {
  return cachedOverview(projectId, userId, () => loadOverview(db, projectId, userId, now));
}
