// Which of a user's sessions count: not before their latest reset, not excluded (by session or date range).
import { and, desc, eq, gte, inArray, lt, max } from "drizzle-orm";
import type { Db } from "@/db/client";
import { spectrumExclusions, spectrumResets, spectrumSessionAggregates } from "@/db/schema";
import type { EmotionVector } from "../types";
import type { SessionSummary } from "../period-aggregate";

export interface UserScope {
  resetAt: Date | null;
  excludedSessions: Set<string>;
  excludedRanges: { from: Date; to: Date }[];
}

export async function loadUserScope(db: Db, projectId: string, userId: string): Promise<UserScope> {
  const [reset] = await db
    .select({ resetAt: spectrumResets.resetAt })
    .from(spectrumResets)
    .where(and(eq(spectrumResets.projectId, projectId), eq(spectrumResets.userId, userId)))
    .orderBy(desc(spectrumResets.resetAt))
    .limit(1);
  const exclusions = await db
    .select()
    .from(spectrumExclusions)
    .where(and(eq(spectrumExclusions.projectId, projectId), eq(spectrumExclusions.userId, userId)));
  return {
    resetAt: reset?.resetAt ?? null,
    excludedSessions: new Set(exclusions.flatMap((e) => (e.sessionId ? [e.sessionId] : []))),
    excludedRanges: exclusions.flatMap((e) => (e.fromAt && e.toAt ? [{ from: e.fromAt, to: e.toAt }] : [])),
  };
}

export function isCounted(scope: UserScope, sessionId: string, startedAt: Date): boolean {
  if (scope.resetAt && startedAt < scope.resetAt) return false;
  if (scope.excludedSessions.has(sessionId)) return false;
  return !scope.excludedRanges.some((r) => startedAt >= r.from && startedAt < r.to);
}

/** The analysed sessions of [start, end) that count for the user, oldest first. */
export async function countedSessions(db: Db, projectId: string, userId: string, start: Date, end: Date, scope?: UserScope): Promise<SessionSummary[]> {
  const s = scope ?? (await loadUserScope(db, projectId, userId));
  const rows = await db
    .select()
    .from(spectrumSessionAggregates)
    .where(
      and(
        eq(spectrumSessionAggregates.projectId, projectId),
        eq(spectrumSessionAggregates.userId, userId),
        gte(spectrumSessionAggregates.startedAt, start),
        lt(spectrumSessionAggregates.startedAt, end),
      ),
    )
    .orderBy(spectrumSessionAggregates.startedAt);
  return rows.filter((r) => isCounted(s, r.sessionId, r.startedAt)).map(toSessionSummary);
}

export function toSessionSummary(r: { sessionId: string; startedAt: Date; vector: unknown; patterns: string[]; analysisVersion: string }): SessionSummary {
  return { sessionId: r.sessionId, startedAt: r.startedAt, vector: r.vector as EmotionVector, patterns: r.patterns, analysisVersion: r.analysisVersion };
}

/** `loadUserScope` for many users of one project in two queries. */
export async function loadUserScopes(db: Db, projectId: string, userIds: string[]): Promise<Map<string, UserScope>> {
  const scopes = new Map<string, UserScope>(userIds.map((u) => [u, { resetAt: null, excludedSessions: new Set(), excludedRanges: [] }]));
  if (userIds.length === 0) return scopes;
  const resets = await db
    .select({ userId: spectrumResets.userId, resetAt: max(spectrumResets.resetAt) })
    .from(spectrumResets)
    .where(and(eq(spectrumResets.projectId, projectId), inArray(spectrumResets.userId, userIds)))
    .groupBy(spectrumResets.userId);
  for (const r of resets) scopes.get(r.userId)!.resetAt = r.resetAt ? new Date(r.resetAt) : null;
  const exclusions = await db
    .select()
    .from(spectrumExclusions)
    .where(and(eq(spectrumExclusions.projectId, projectId), inArray(spectrumExclusions.userId, userIds)));
  for (const e of exclusions) {
    const s = scopes.get(e.userId)!;
    if (e.sessionId) s.excludedSessions.add(e.sessionId);
    if (e.fromAt && e.toAt) s.excludedRanges.push({ from: e.fromAt, to: e.toAt });
  }
  return scopes;
}
