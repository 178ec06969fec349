// Insight generation: aggregated numbers -> versioned prompt -> provider -> validateInsight -> stored with lineage.
import { and, eq, gte, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { spectrumInsights, spectrumTurns } from "@/db/schema";
import { getLlmProvider, loadPrompt, type LlmProvider } from "@/lib/llm";
import { EMOTIONS } from "../types";
import { PATTERN_LABELS, type SessionPattern } from "../session-patterns";
import type { PeriodAggregate } from "../period-aggregate";
import type { Granularity } from "../period-range";
import { validateInsight } from "../validators/validate-insight";
import type { Violation } from "../validators/types";
import { insightKind, recomputePeriod, type StoredPeriod } from "./period";
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

const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? "none") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** The only inputs a prompt sees: numbers and labels computed from the aggregate, never raw text. */
export function insightFacts(period: StoredPeriod, granularity: Granularity): Record<string, string | number> {
  const a: PeriodAggregate = period.aggregate;
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
  const shiftWords =
    delta === null ? "with nothing to compare against" : Math.abs(delta) < 0.05 ? "about the same" : delta > 0 ? `a little brighter (+${delta.toFixed(2)})` : `a little heavier (${delta.toFixed(2)})`;
  const notable = a.notableDays.map((d) => d.date);
  const label =
    granularity === "month"
      ? period.start.toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" })
      : period.start.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  return {
    periodLabel: label,
    sessionCount: a.sessionCount,
    topEmotions: top.length ? list(top) : "no strong moods",
    valence: valence.toFixed(2),
    toneWord: valence > 0.15 ? "mostly positive" : valence < -0.15 ? "on the heavier side" : "fairly even",
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

/**
 * Recomputes the period's aggregate, then generates, validates and stores its insight (replacing any earlier one).
 * A rejected text is retried with another wording; when every attempt is rejected it throws, so the job dead-letters.
 */
export async function generatePeriodInsight(
  db: Db,
  projectId: string,
  userId: string,
  granularity: Granularity,
  anchor: Date,
  options: { provider?: LlmProvider } = {},
): Promise<GeneratedInsight | null> {
  const scope = await loadUserScope(db, projectId, userId);
  const period = await recomputePeriod(db, projectId, userId, granularity, anchor, scope);
  if (!period) return null;
  const spec = INSIGHT_PROMPTS[granularity];
  const prompt = loadPrompt(spec.name, spec.version);
  const variables = insightFacts(period, granularity);
  const turns = await db
    .select({ text: spectrumTurns.text, sessionId: spectrumTurns.sessionId, timestamp: spectrumTurns.timestamp })
    .from(spectrumTurns)
    .where(and(eq(spectrumTurns.projectId, projectId), eq(spectrumTurns.userId, userId), eq(spectrumTurns.role, "user"), gte(spectrumTurns.timestamp, period.start), lt(spectrumTurns.timestamp, period.end)));
  const rawTurns = turns.filter((t) => isCounted(scope, t.sessionId, t.timestamp)).map((t) => t.text);
  const provider = options.provider ?? getLlmProvider();
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
    if (!validation.ok) {
      rejected.push({ attempt, violations: validation.violations });
      continue;
    }
    const kind = insightKind(granularity);
    await db.transaction(async (tx) => {
      await tx
        .delete(spectrumInsights)
        .where(and(eq(spectrumInsights.projectId, projectId), eq(spectrumInsights.userId, userId), eq(spectrumInsights.kind, kind), eq(spectrumInsights.periodKey, period.periodKey)));
      await tx.insert(spectrumInsights).values({
        projectId,
        userId,
        kind,
        periodKey: period.periodKey,
        periodStart: period.start,
        text: out.text,
        promptName: prompt.name,
        promptVersion: prompt.version,
        provider: out.provider,
        model: out.model,
        validation: { ok: true, attempts: attempt + 1, rejected },
        rejectedAttempts: rejected.length,
        costUsd,
        latencyMs: out.latencyMs,
        analysisVersion: period.analysisVersion,
      });
    });
    await invalidateOverview(projectId, userId);
    return { periodKey: period.periodKey, text: out.text, model: out.model, promptVersion: prompt.version, rejectedAttempts: rejected.length };
  }
  throw new InsightValidationError(rejected);
}
