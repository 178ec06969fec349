// Insight generation: aggregated numbers -> versioned prompt -> provider -> validateInsight -> stored with lineage.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { spectrumInsights, spectrumTurns } from "@/db/schema";
import { trackedProvider } from "@/lib/telemetry";
import { getLlmProvider, loadPrompt, type GenerateResult, type LlmProvider, type LoadedPrompt } from "@/lib/llm";
import { EMOTIONS } from "../types";
import { PATTERN_LABELS, type SessionPattern } from "../session-patterns";
import { toneShiftWords, toneWord } from "../tone";
import type { NotableDay, PeriodAggregate, Shift } from "../period-aggregate";
import type { Granularity } from "../period-range";
import { validateInsight } from "../validators/validate-insight";
import type { Violation } from "../validators/types";
import { insightKind, recomputePeriod } from "./period";
import { isCounted, loadUserScope } from "./scope";
import { invalidateOverview } from "./cache";

export const INSIGHT_PROMPTS = { week: { name: "spectrum-weekly", version: "v1" }, month: { name: "spectrum-monthly", version: "v1" } } as const;
export const MAX_INSIGHT_ATTEMPTS = 3;

export class InsightValidationError extends Error {
  constructor(readonly rejected: { attempt: number; violations: Violation[] }[]) {
    super(`every generated insight was rejected (${rejected.map((r) => r.violations.map((v) => v.rule).join(",")).join(" | ")})`);
    this.name = "InsightValidationError";
  }
}

// Same output as toLocaleDateString with these options, without building a formatter per call.
const MONTH_LABEL = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
const WEEK_LABEL = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

/** "Nov 10" for a week, "November 2026" for a month (UTC). */
export const periodLabel = (granularity: Granularity, start: Date) => (granularity === "month" ? MONTH_LABEL : WEEK_LABEL).format(start);

const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? "none") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** The parts of a stored PeriodAggregate an insight is written from (the insight step reads only these). */
export type InsightAggregate = Pick<PeriodAggregate, "sessionCount" | "stats" | "patternShares"> & {
  shifts: { valence: Pick<Shift, "delta"> } | null;
  notableDays: Pick<NotableDay, "date">[];
};

/** A stored period as insight generation sees it (a StoredPeriod qualifies). */
export interface InsightPeriod {
  periodKey: string;
  start: Date;
  aggregate: InsightAggregate;
  analysisVersion: string;
}

/** The only inputs a prompt sees: numbers and labels computed from the aggregate, never raw text. */
export function insightFacts(period: InsightPeriod, granularity: Granularity): Record<string, string | number> {
  const a = period.aggregate;
  const top = EMOTIONS.map((e) => ({ e, m: a.stats[e].mean }))
    .filter((x) => x.m >= 0.05)
    .sort((x, y) => y.m - x.m)
    .slice(0, 2)
    .map((x) => x.e);
  const patterns = Object.entries(a.patternShares)
    .filter(([, share]) => share > 0)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 2)
    .map(([p]) => PATTERN_LABELS[p as SessionPattern] ?? p);
  const valence = a.stats.valence.mean;
  const delta = a.shifts?.valence.delta ?? null;
  const shiftWords = toneShiftWords(delta);
  const notable = a.notableDays.map((d) => d.date);
  const label = periodLabel(granularity, period.start);
  return {
    periodLabel: label,
    sessionCount: a.sessionCount,
    topEmotions: top.length ? list(top) : "no strong moods",
    valence: valence.toFixed(2),
    toneWord: toneWord(valence),
    valenceShift: delta === null ? "n/a" : delta.toFixed(2),
    valenceShiftWords: shiftWords,
    topPatterns: patterns.length ? list(patterns) : "no single pattern",
    notableDays: notable.length ? notable.join(", ") : "none",
    notableSentence: notable.length ? `The days that stood out from your usual were ${list(notable)}.` : "No single day stood out from your usual.",
  };
}

export interface GeneratedInsight {
  periodKey: string;
  text: string;
  model: string;
  promptVersion: string;
  rejectedAttempts: number;
}

/** The outcome of the wording loop for one period: the accepted text, or every rejection. */
export type InsightAttempts =
  | { ok: true; out: GenerateResult; rejected: { attempt: number; violations: Violation[] }[]; costUsd: number }
  | { ok: false; rejected: { attempt: number; violations: Violation[] }[]; costUsd: number };

/**
 * The provider insight generation calls: calls to a networked/priced provider are recorded as Prism traces
 * (`trackedProvider`); the deterministic local templates are not an LLM call (no network, no tokens, no cost), so
 * tracing them would only add three writes per insight (≈6 ms each on the weekly job) and nothing to learn.
 */
export function insightProvider(db: Db, projectId: string, provider: LlmProvider = getLlmProvider()): LlmProvider {
  return provider.deterministic ? provider : trackedProvider(db, projectId, provider);
}

/** Generates up to MAX_INSIGHT_ATTEMPTS wordings from the facts and returns the first that passes validation. */
export async function attemptInsight(
  provider: LlmProvider,
  prompt: LoadedPrompt,
  variables: Record<string, string | number>,
  granularity: Granularity,
  rawTurns: string[],
): Promise<InsightAttempts> {
  const rejected: { attempt: number; violations: Violation[] }[] = [];
  let costUsd = 0;
  for (let attempt = 0; attempt < MAX_INSIGHT_ATTEMPTS; attempt++) {
    const out = await provider.generate({
      prompt,
      variables,
      tier: granularity === "week" ? "cheap" : "quality",
      variant: attempt,
      feedback: rejected.at(-1)?.violations.map((v) => v.message),
    });
    costUsd += out.costUsd;
    const validation = validateInsight(out.text, { rawTurns });
    if (validation.ok) return { ok: true, out, rejected, costUsd };
    rejected.push({ attempt, violations: validation.violations });
  }
  return { ok: false, rejected, costUsd };
}

/** The stored row of an accepted insight (lineage: prompt version, provider, model, validation). */
export function insightRow(
  projectId: string,
  userId: string,
  granularity: Granularity,
  period: InsightPeriod,
  prompt: LoadedPrompt,
  accepted: Extract<InsightAttempts, { ok: true }>,
): typeof spectrumInsights.$inferInsert {
  const { out, rejected, costUsd } = accepted;
  return {
    projectId,
    userId,
    kind: insightKind(granularity),
    periodKey: period.periodKey,
    periodStart: period.start,
    text: out.text,
    promptName: prompt.name,
    promptVersion: prompt.version,
    provider: out.provider,
    model: out.model,
    validation: { ok: true, attempts: rejected.length + 1, rejected },
    rejectedAttempts: rejected.length,
    costUsd,
    latencyMs: out.latencyMs,
    analysisVersion: period.analysisVersion,
  };
}

/**
 * Recomputes the period's aggregate, then generates, validates and stores its insight (replacing any earlier one).
 * A rejected text is retried with another wording; when every attempt is rejected it throws, so the job dead-letters.
 * The jobs use the set-based equivalent, `generatePeriodInsights` (period-batch.ts); a test pins that both agree.
 */
export async function generatePeriodInsight(
  db: Db,
  projectId: string,
  userId: string,
  granularity: Granularity,
  anchor: Date,
  options: { provider?: LlmProvider } = {},
): Promise<GeneratedInsight | null> {
  const period = await recomputePeriod(db, projectId, userId, granularity, anchor);
  if (!period) return null;
  const scope = await loadUserScope(db, projectId, userId);
  const spec = INSIGHT_PROMPTS[granularity];
  const prompt = loadPrompt(spec.name, spec.version);
  const variables = insightFacts(period, granularity);
  const turns = await db
    .select({ text: spectrumTurns.text, sessionId: spectrumTurns.sessionId, timestamp: spectrumTurns.timestamp })
    .from(spectrumTurns)
    .where(and(eq(spectrumTurns.projectId, projectId), eq(spectrumTurns.userId, userId), eq(spectrumTurns.role, "user"), gte(spectrumTurns.timestamp, period.start), lt(spectrumTurns.timestamp, period.end)));
  const rawTurns = turns.filter((t) => isCounted(scope, t.sessionId, t.timestamp)).map((t) => t.text);
  const result = await attemptInsight(insightProvider(db, projectId, options.provider), prompt, variables, granularity, rawTurns);
  if (!result.ok) throw new InsightValidationError(result.rejected);
  // Replaced in place (same row id, as the batch path's upsert does), so what refers to the insight stays attached:
  // its annotation queue items and their reviews, which keep the version they judged in their review context.
  const { projectId: _p, userId: _u, kind: _k, periodKey: _pk, ...replaced } = insightRow(projectId, userId, granularity, period, prompt, result);
  await db
    .insert(spectrumInsights)
    .values(insightRow(projectId, userId, granularity, period, prompt, result))
    .onConflictDoUpdate({ target: [spectrumInsights.projectId, spectrumInsights.userId, spectrumInsights.kind, spectrumInsights.periodKey], set: { ...replaced, createdAt: sql`now()` } });
  await invalidateOverview(projectId, userId);
  return { periodKey: period.periodKey, text: result.out.text, model: result.out.model, promptVersion: prompt.version, rejectedAttempts: result.rejected.length };
}
