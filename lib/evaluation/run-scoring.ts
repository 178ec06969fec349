// Scores a run's items with its evaluators: compiled once per run, then applied per item (pure; the 10,000-item
// benchmark measures this path plus the store).
import { compileDeterministic, type EvaluationInput } from "./evaluators/deterministic";
import { evaluatorName, type EvaluatorSpec } from "./evaluators/schema";

export type ItemScores = Record<string, number | null>;

export function compileEvaluators(specs: EvaluatorSpec[]): (item: EvaluationInput) => ItemScores {
  const compiled = specs.map((s) => [evaluatorName(s), compileDeterministic(s)] as const);
  return (item) => Object.fromEntries(compiled.map(([name, evaluate]) => [name, evaluate(item)]));
}
