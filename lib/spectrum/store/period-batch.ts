// Set-based weekly/monthly outputs for many users of one project, in two phases: the aggregates in SQL
// (`aggregatePeriodsInDb`, one statement per batch), then the insight texts from the stored aggregates (one read of the
// aggregates, scopes and raw turns per batch, one bulk upsert). The jobs run each phase as its own step.
import { and, asc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { spectrumInsights, spectrumPeriodAggregates, spectrumTurns } from "@/db/schema";
import { loadPrompt, type LlmProvider } from "@/lib/llm";
import { periodRange, type Granularity } from "../period-range";
import { invalidateOverview } from "./cache";
import { attemptInsight, INSIGHT_PROMPTS, insightFacts, insightProvider, InsightValidationError, insightRow, type InsightAggregate } from "./insights";
import { aggregatePeriodsInDb, textArray } from "./period-sql";
import { isCounted, loadUserScopes } from "./scope";

export interface BatchUserOutcome {
  userId: string;
  /** "stored": aggregate + insight written; "empty": no counted session (aggregate and insight removed);
   * "rejected": aggregate written, every wording rejected (earlier insight kept). */
  status: "stored" | "empty" | "rejected";
  rejectedAttempts: number;
  error?: InsightValidationError;
}

export interface InsightOutcome {
  userId: string;
  status: "stored" | "rejected";
  rejectedAttempts: number;
  error?: InsightValidationError;
}

/** What the insight step reads of a stored period aggregate: the parts insight facts use, not the whole JSON. */
export interface InsightInputRow {
  projectId: string;
  userId: string;
  periodKey: string;
  periodStart: Date;
  periodEnd: Date;
  analysisVersion: string;
  aggregate: InsightAggregate;
}

/** Stored aggregates of one period, in (project, user) order, for the given filter, projected to InsightInputRow. */
export function loadInsightInputs(db: Db, granularity: Granularity, periodKey: string, where: SQL | undefined): Promise<InsightInputRow[]> {
  const a = spectrumPeriodAggregates;
  return db
    .select({
      projectId: a.projectId,
      userId: a.userId,
      periodKey: a.periodKey,
      periodStart: a.periodStart,
      periodEnd: a.periodEnd,
      analysisVersion: a.analysisVersion,
      aggregate: sql<InsightAggregate>`jsonb_build_object(
        'sessionCount', ${a.aggregate}->'sessionCount', 'stats', ${a.aggregate}->'stats', 'patternShares', ${a.aggregate}->'patternShares',
        'shifts', case when jsonb_typeof(${a.aggregate}->'shifts') = 'object'
                       then jsonb_build_object('valence', jsonb_build_object('delta', ${a.aggregate}#>'{shifts,valence,delta}')) end,
        'notableDays', coalesce((select jsonb_agg(jsonb_build_object('date', d->'date')) from jsonb_array_elements(${a.aggregate}->'notableDays') d), '[]'::jsonb))`,
    })
    .from(a)
    .where(and(eq(a.granularity, granularity), eq(a.periodKey, periodKey), where))
    .orderBy(asc(a.projectId), asc(a.userId));
}

/**
 * Insight phase for stored aggregates of one project and period: facts (numbers only) → prompt → provider →
 * validation, then one upsert per (user, kind, period). Never throws for a rejected text: the caller decides (the job
 * throws after the batch is written, so only that step retries). A rejected user's earlier insight stays.
 */
export async function generateInsightsFor(
  db: Db,
  projectId: string,
  granularity: Granularity,
  rows: InsightInputRow[],
  options: { provider?: LlmProvider } = {},
): Promise<InsightOutcome[]> {
  if (rows.length === 0) return [];
  const userIds = rows.map((r) => r.userId);
  const { start, end } = { start: rows[0].periodStart, end: rows[0].periodEnd };
  // Raw user turns of the period, for the leak check; the scopes (resets, exclusions) only matter for users with turns.
  const turns = await db
    .select({ userId: spectrumTurns.userId, text: spectrumTurns.text, sessionId: spectrumTurns.sessionId, timestamp: spectrumTurns.timestamp })
    .from(spectrumTurns)
    .where(
      and(
        eq(spectrumTurns.projectId, projectId),
        sql`${spectrumTurns.userId} = any(${textArray(userIds)}::text[])`,
        eq(spectrumTurns.role, "user"),
        gte(spectrumTurns.timestamp, start),
        lt(spectrumTurns.timestamp, end),
      ),
    );
  const scopes = turns.length > 0 ? await loadUserScopes(db, projectId, [...new Set(turns.map((t) => t.userId))]) : new Map();
  const turnsByUser = new Map<string, string[]>();
  for (const t of turns) {
    if (!isCounted(scopes.get(t.userId)!, t.sessionId, t.timestamp)) continue;
    const list = turnsByUser.get(t.userId);
    if (list) list.push(t.text);
    else turnsByUser.set(t.userId, [t.text]);
  }
  const spec = INSIGHT_PROMPTS[granularity];
  const prompt = loadPrompt(spec.name, spec.version);
  const provider = insightProvider(db, projectId, options.provider);
  const insightRows: (typeof spectrumInsights.$inferInsert)[] = [];
  const outcomes: InsightOutcome[] = [];
  for (const row of rows) {
    const period = { periodKey: row.periodKey, start: row.periodStart, aggregate: row.aggregate, analysisVersion: row.analysisVersion };
    const result = await attemptInsight(provider, prompt, insightFacts(period, granularity), granularity, turnsByUser.get(row.userId) ?? []);
    if (!result.ok) {
      outcomes.push({ userId: row.userId, status: "rejected", rejectedAttempts: result.rejected.length, error: new InsightValidationError(result.rejected) });
      continue;
    }
    insightRows.push(insightRow(projectId, row.userId, granularity, period, prompt, result));
    outcomes.push({ userId: row.userId, status: "stored", rejectedAttempts: result.rejected.length });
  }
  if (insightRows.length > 0) await db.execute(upsertInsightRows(insightRows));
  for (const userId of userIds) await invalidateOverview(projectId, userId);
  return outcomes;
}

/**
 * Both phases for the listed users of one project (what a job does per batch, without the step boundary): recomputes
 * the period containing `anchor` and stores the validated insights.
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
  const { empty } = await aggregatePeriodsInDb(db, projectId, userIds, granularity, anchor);
  for (const userId of empty) await invalidateOverview(projectId, userId);
  const rows = await loadInsightInputs(db, granularity, range.key, and(eq(spectrumPeriodAggregates.projectId, projectId), inArray(spectrumPeriodAggregates.userId, userIds)));
  const byUser = new Map<string, BatchUserOutcome>(empty.map((userId) => [userId, { userId, status: "empty", rejectedAttempts: 0 }]));
  for (const o of await generateInsightsFor(db, projectId, granularity, rows, options)) byUser.set(o.userId, o);
  return userIds.flatMap((u) => byUser.get(u) ?? []);
}

// Bulk upsert as one JSON parameter expanded by jsonb_to_recordset: a thousand rows with fifteen columns each would
// otherwise be tens of thousands of bind parameters, several times slower to send and parse.
function upsertInsightRows(rows: (typeof spectrumInsights.$inferInsert)[]) {
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
                      latency_ms integer, analysis_version text)
    on conflict (project_id, user_id, kind, period_key) do update set
      period_start = excluded.period_start, text = excluded.text, prompt_name = excluded.prompt_name, prompt_version = excluded.prompt_version,
      provider = excluded.provider, model = excluded.model, validation = excluded.validation, rejected_attempts = excluded.rejected_attempts,
      cost_usd = excluded.cost_usd, latency_ms = excluded.latency_ms, analysis_version = excluded.analysis_version, created_at = now()`;
}
