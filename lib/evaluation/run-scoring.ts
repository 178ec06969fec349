// Scores a run's items with its evaluators: compiled once per run, then applied per item. Deterministic evaluators
// are pure; an LLM judge goes through the provider when one is configured, else the labelled local heuristic.
import { compileDeterministic, type EvaluationInput } from "./evaluators/deterministic";
import { evaluatorName, type EvaluatorSpec } from "./evaluators/schema";
import { localHeuristicJudge, providerJudge, type Judge } from "./evaluators/judge";
import type { PromptExecutor } from "./prompt-executor";

export type ItemScores = Record<string, number | null>;
export type ScoredItem = { scores: ItemScores; judgeCostUsd: number };

/** The judge an `llm_judge` evaluator uses: the provider's model, or the local heuristic without a provider. */
export function judgeFor(spec: { model?: string }, executor: PromptExecutor | null): Judge {
  return executor ? providerJudge(executor, spec.model) : localHeuristicJudge;
}

/** Each evaluator as stored on the run: an LLM judge records which judge scored (e.g. `local-heuristic-v1`). */
export function recordedEvaluators(specs: EvaluatorSpec[], executor: PromptExecutor | null) {
  return specs.map((s) => (s.type === "llm_judge" ? { ...s, judge: judgeFor(s, executor).id } : s));
}

export function compileEvaluators(specs: EvaluatorSpec[], executor: PromptExecutor | null = null): (item: EvaluationInput & { input?: unknown }) => Promise<ScoredItem> {
  const compiled = specs.map((s) => {
    if (s.type !== "llm_judge") {
      const evaluate = compileDeterministic(s);
      return { name: evaluatorName(s), run: async (item: EvaluationInput) => ({ score: evaluate(item), costUsd: 0 }) };
    }
    const judge = judgeFor(s, executor);
    return { name: evaluatorName(s), run: (item: EvaluationInput & { input?: unknown }) => judge.score(s.template, { ...item, input: item.input }) };
  });
  return async (item) => {
    const results = await Promise.all(compiled.map(async (c) => [c.name, await c.run(item)] as const));
    return { scores: Object.fromEntries(results.map(([n, r]) => [n, r.score])), judgeCostUsd: results.reduce((s, [, r]) => s + r.costUsd, 0) };
  };
}
