// Set-based weekly/monthly outputs for many users of one project: a handful of queries and two bulk writes per batch
// instead of ~10 round trips per user. Same pure maths and wording loop as `generatePeriodInsight`, so the outputs
// are identical (tests/spectrum-period-batch.test.ts compares both paths).
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { spectrumInsights, spectrumPeriodAggregates, spectrumSessionAggregates, spectrumTurns } from "@/db/schema";
import { trackedProvider } from "@/lib/telemetry";
import { getLlmProvider, loadPrompt, type LlmProvider } from "@/lib/llm";
import type { SessionSummary } from "../period-aggregate";
import { periodRange, previousPeriodRange, type Granularity } from "../period-range";
import { invalidateOverview } from "./cache";
import { attemptInsight, INSIGHT_PROMPTS, insightFacts, InsightValidationError, insightRow } from "./insights";
import { insightKind, periodFromSessions, periodRow, type StoredPeriod } from "./period";
import { isCounted, loadUserScopes, toSessionSummary } from "./scope";

export interface BatchUserOutcome {
  userId: string;
  /** "stored": aggregate + insight written; "empty": no counted session (aggregate and insight removed);
   * "rejected": aggregate written, every wording rejected (earlier insight kept). */
  status: "stored" | "empty" | "rejected";
  rejectedAttempts: number;
  error?: InsightValidationError;
}

const group = <T extends { userId: string }>(rows: T[]) => {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.userId);
    if (list) list.push(r);
    else out.set(r.userId, [r]);
  }
  return out;
};

/**
 * Recomputes the period containing `anchor` for every listed user of the project and stores the validated insights.
 * Never throws for a rejected text: the caller decides (the job throws after the batch is written, so the step retries).
 */
export async function generatePeriodInsights(
  db: Db,
  projectId: string,
  userIds: string[],
  granularity: Granularity,
  anchor: Date,
  options: { provider?: LlmProvider } = {},
): Promise<BatchUserOutcome[]> {
  if (userIds.length === 0) return [];
  const range = periodRange(anchor, granularity);
  const prevRange = previousPeriodRange(anchor, granularity);
  const scopes = await loadUserScopes(db, projectId, userIds);
  const sessionRows = await db
    .select({
      userId: spectrumSessionAggregates.userId,
      sessionId: spectrumSessionAggregates.sessionId,
      startedAt: spectrumSessionAggregates.startedAt,
      vector: spectrumSessionAggregates.vector,
      patterns: spectrumSessionAggregates.patterns,
      analysisVersion: spectrumSessionAggregates.analysisVersion,
    })
    .from(spectrumSessionAggregates)
    .where(
      and(
        eq(spectrumSessionAggregates.projectId, projectId),
        inArray(spectrumSessionAggregates.userId, userIds),
        gte(spectrumSessionAggregates.startedAt, prevRange.start),
        lt(spectrumSessionAggregates.startedAt, range.end),
      ),
    )
    .orderBy(asc(spectrumSessionAggregates.userId), asc(spectrumSessionAggregates.startedAt));
  const turnRows = await db
    .select({ userId: spectrumTurns.userId, text: spectrumTurns.text, sessionId: spectrumTurns.sessionId, timestamp: spectrumTurns.timestamp })
    .from(spectrumTurns)
    .where(
      and(
        eq(spectrumTurns.projectId, projectId),
        inArray(spectrumTurns.userId, userIds),
        eq(spectrumTurns.role, "user"),
        gte(spectrumTurns.timestamp, range.start),
        lt(spectrumTurns.timestamp, range.end),
      ),
    );
  const sessionsByUser = group(sessionRows);
  const turnsByUser = group(turnRows);
  const spec = INSIGHT_PROMPTS[granularity];
  const prompt = loadPrompt(spec.name, spec.version);
  const provider = trackedProvider(db, projectId, options.provider ?? getLlmProvider());

  const periodRows: (typeof spectrumPeriodAggregates.$inferInsert)[] = [];
  const insightRows: (typeof spectrumInsights.$inferInsert)[] = [];
  const emptyUsers: string[] = [];
  const outcomes: BatchUserOutcome[] = [];
  for (const userId of userIds) {
    const scope = scopes.get(userId)!;
    const current: SessionSummary[] = [];
    const previous: SessionSummary[] = [];
    for (const r of sessionsByUser.get(userId) ?? []) {
      if (!isCounted(scope, r.sessionId, r.startedAt)) continue;
      (r.startedAt >= range.start ? current : previous).push(toSessionSummary(r));
    }
    const { aggregate, analysisVersion } = periodFromSessions(current, previous);
    if (!aggregate) {
      emptyUsers.push(userId);
      outcomes.push({ userId, status: "empty", rejectedAttempts: 0 });
      continue;
    }
    periodRows.push(periodRow(projectId, userId, granularity, range, current, aggregate, analysisVersion));
    const period: StoredPeriod = { periodKey: range.key, start: range.start, end: range.end, aggregate, analysisVersion };
    const rawTurns = (turnsByUser.get(userId) ?? []).filter((t) => isCounted(scope, t.sessionId, t.timestamp)).map((t) => t.text);
    const result = await attemptInsight(provider, prompt, insightFacts(period, granularity), granularity, rawTurns);
    if (!result.ok) {
      outcomes.push({ userId, status: "rejected", rejectedAttempts: result.rejected.length, error: new InsightValidationError(result.rejected) });
      continue;
    }
    insightRows.push(insightRow(projectId, userId, granularity, period, prompt, result));
    outcomes.push({ userId, status: "stored", rejectedAttempts: result.rejected.length });
  }

  const kind = insightKind(granularity);
  // Insights are replaced for users with a new text and removed for users whose period became empty; a rejected
  // user's earlier insight stays until a text passes.
  const replaceInsightsOf = [...insightRows.map((r) => r.userId), ...emptyUsers];
  await db.transaction(async (tx) => {
    await tx
      .delete(spectrumPeriodAggregates)
      .where(
        and(
          eq(spectrumPeriodAggregates.projectId, projectId),
          inArray(spectrumPeriodAggregates.userId, userIds),
          eq(spectrumPeriodAggregates.granularity, granularity),
          eq(spectrumPeriodAggregates.periodKey, range.key),
        ),
      );
    if (replaceInsightsOf.length > 0) {
      await tx
        .delete(spectrumInsights)
        .where(
          and(
            eq(spectrumInsights.projectId, projectId),
            inArray(spectrumInsights.userId, replaceInsightsOf),
            eq(spectrumInsights.kind, kind),
            eq(spectrumInsights.periodKey, range.key),
          ),
        );
    }
    if (periodRows.length > 0) await tx.execute(insertPeriodRows(periodRows));
    if (insightRows.length > 0) await tx.execute(insertInsightRows(insightRows));
  });
  for (const userId of userIds) await invalidateOverview(projectId, userId);
  return outcomes;
}

// Bulk inserts as one JSON parameter expanded by jsonb_to_recordset: a thousand rows with ten or more columns each
// would otherwise be tens of thousands of bind parameters, several times slower to send and parse.
function insertPeriodRows(rows: (typeof spectrumPeriodAggregates.$inferInsert)[]) {
  return sql`
    insert into spectrum_period_aggregates
      (project_id, user_id, granularity, period_key, period_start, period_end, session_count, mean_vector, aggregate, analysis_version)
    select project_id, user_id, granularity, period_key, period_start, period_end, session_count, mean_vector, aggregate, analysis_version
    from jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({
      project_id: r.projectId, user_id: r.userId, granularity: r.granularity, period_key: r.periodKey, period_start: r.periodStart,
      period_end: r.periodEnd, session_count: r.sessionCount, mean_vector: r.meanVector, aggregate: r.aggregate, analysis_version: r.analysisVersion,
    })))}::jsonb) as x(project_id uuid, user_id text, granularity text, period_key text, period_start timestamptz, period_end timestamptz,
                      session_count integer, mean_vector jsonb, aggregate jsonb, analysis_version text)`;
}

function insertInsightRows(rows: (typeof spectrumInsights.$inferInsert)[]) {
  return sql`
    insert into spectrum_insights
      (project_id, user_id, kind, period_key, period_start, text, prompt_name, prompt_version, provider, model, validation,
       rejected_attempts, cost_usd, latency_ms, analysis_version)
    select project_id, user_id, kind, period_key, period_start, text, prompt_name, prompt_version, provider, model, validation,
           rejected_attempts, cost_usd, latency_ms, analysis_version
    from jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({
      project_id: r.projectId, user_id: r.userId, kind: r.kind, period_key: r.periodKey, period_start: r.periodStart, text: r.text,
      prompt_name: r.promptName, prompt_version: r.promptVersion, provider: r.provider, model: r.model, validation: r.validation,
      rejected_attempts: r.rejectedAttempts ?? 0, cost_usd: r.costUsd ?? 0, latency_ms: r.latencyMs ?? 0, analysis_version: r.analysisVersion,
    })))}::jsonb) as x(project_id uuid, user_id text, kind text, period_key text, period_start timestamptz, text text, prompt_name text,
                      prompt_version text, provider text, model text, validation jsonb, rejected_attempts integer, cost_usd double precision,
                      latency_ms integer, analysis_version text)`;
}
