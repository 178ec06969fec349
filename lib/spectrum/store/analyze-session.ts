// Post-session analysis: turn vectors, turn impacts and the session aggregate, replaced as a unit.
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { spectrumSessionAggregates, spectrumSessions, spectrumTurnVectors, spectrumTurns } from "@/db/schema";
import { lexiconAnalyzer } from "../lexicon-analyzer";
import { aggregateSession, sessionAnalysisVersion } from "../session-aggregate";
import type { AnalyzedTurn, EmotionAnalyzer } from "../types";
import { neutralVector } from "../vector";
import { loadUserScope } from "./scope";
import { invalidateOverview } from "./cache";

export type SessionAnalysisOutcome =
  | { status: "analysed"; sessionId: string; userId: string; startedAt: Date; analysisVersion: string; userTurns: number }
  | { status: "skipped"; sessionId: string; reason: "not-found" | "no-user-turns" | "before-reset" };

export async function analyzeStoredSession(
  db: Db,
  projectId: string,
  sessionId: string,
  analyzer: EmotionAnalyzer = lexiconAnalyzer(),
): Promise<SessionAnalysisOutcome> {
  const [session] = await db
    .select()
    .from(spectrumSessions)
    .where(and(eq(spectrumSessions.projectId, projectId), eq(spectrumSessions.id, sessionId)));
  if (!session) return { status: "skipped", sessionId, reason: "not-found" };
  const scope = await loadUserScope(db, projectId, session.userId);
  if (scope.resetAt && session.startedAt < scope.resetAt) return { status: "skipped", sessionId, reason: "before-reset" };
  const turns = await db
    .select()
    .from(spectrumTurns)
    .where(and(eq(spectrumTurns.projectId, projectId), eq(spectrumTurns.sessionId, sessionId)))
    .orderBy(asc(spectrumTurns.timestamp), asc(spectrumTurns.id));
  const userTurns = turns.filter((t) => t.role === "user");
  if (userTurns.length === 0) return { status: "skipped", sessionId, reason: "no-user-turns" };

  const vectors = await analyzer.analyze(userTurns.map((t) => t.text));
  const byId = new Map(userTurns.map((t, i) => [t.id, vectors[i]]));
  const analysed: AnalyzedTurn[] = turns.map((t) => ({ role: t.role, text: t.text, timestamp: t.timestamp, vector: byId.get(t.id) ?? neutralVector() }));
  const aggregate = aggregateSession(analysed, analyzer.version);
  const impacts = new Map(aggregate.turnImpacts.map((imp) => [imp.assistantTurnIndex, imp]));
  const version = sessionAnalysisVersion(analyzer.version);

  await db.transaction(async (tx) => {
    await tx.delete(spectrumTurnVectors).where(and(eq(spectrumTurnVectors.projectId, projectId), eq(spectrumTurnVectors.sessionId, sessionId)));
    await tx.insert(spectrumTurnVectors).values(
      turns.map((t, i) => ({
        projectId,
        turnId: t.id,
        sessionId,
        userId: session.userId,
        role: t.role,
        timestamp: t.timestamp,
        vector: t.role === "user" ? byId.get(t.id) : null,
        impact: t.role === "assistant" ? (impacts.get(i) ?? null) : null,
        analysisVersion: version,
      })),
    );
    await tx
      .delete(spectrumSessionAggregates)
      .where(and(eq(spectrumSessionAggregates.projectId, projectId), eq(spectrumSessionAggregates.sessionId, sessionId)));
    await tx.insert(spectrumSessionAggregates).values({
      projectId,
      sessionId,
      userId: session.userId,
      startedAt: session.startedAt,
      vector: aggregate.vector,
      dominant: aggregate.dominant,
      dominantEmotions: aggregate.dominantEmotions,
      patterns: aggregate.patterns,
      userTurnCount: aggregate.userTurnCount,
      analysisVersion: aggregate.analysisVersion,
    });
  });
  await invalidateOverview(projectId, session.userId);
  return { status: "analysed", sessionId, userId: session.userId, startedAt: session.startedAt, analysisVersion: version, userTurns: userTurns.length };
}
