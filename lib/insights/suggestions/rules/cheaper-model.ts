// Rule: a cheaper model serves the same trace name with scores that are not worse (a non-inferiority interval on every
// score both models have), so routing that trace name to it cuts cost without losing quality.
import type { ModelQualityRow, Suggestion, SuggestionInputs } from "../types";
import { round, welchDifference } from "../stats";

export const CHEAPER_MODEL_RULE = "cheaper-model";
/** Scored traces each model needs before its mean is compared. */
export const MIN_SCORED = 30;
/** The cheaper model must cost at most this share of the other per trace. */
export const MAX_COST_RATIO = 0.8;
/** Non-inferiority margin: the score may be lower by at most 5% of the dearer model's mean. */
export const MARGIN = 0.05;
/** Window savings (USD) a finding needs for medium and high severity, with the cost ratios that go with them. */
export const SEVERITY_SAVINGS = { high: 100, medium: 10 } as const;
/** 90% two-sided interval = one-sided 95% lower bound. */
const ALPHA = 0.1;

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
}

export function cheaperModelRule(inputs: SuggestionInputs): Suggestion[] {
  const out: Suggestion[] = [];
  for (const [traceName, rows] of groupBy(inputs.modelQuality, (r) => r.traceName)) {
    const byModel = groupBy(rows, (r) => r.model);
    const models = [...byModel.keys()].sort();
    let best: { suggestion: Suggestion; saving: number } | null = null;
    for (const dear of models) {
      for (const cheap of models) {
        const a = byModel.get(dear)!;
        const b = byModel.get(cheap)!;
        const costA = a[0].meanCost;
        const costB = b[0].meanCost;
        if (dear === cheap || !(costA > 0) || costB > MAX_COST_RATIO * costA) continue;
        const shared = a.flatMap((ra) => {
          const rb = b.find((x) => x.scoreName === ra.scoreName);
          return rb && ra.scored >= MIN_SCORED && rb.scored >= MIN_SCORED ? [[ra, rb] as const] : [];
        });
        if (shared.length === 0) continue;
        const tests = shared.map(([ra, rb]) => ({ ra, rb, t: welchDifference(toMoments(ra), toMoments(rb), ALPHA) }));
        // Every shared score must pass: one worse score is enough to keep quiet.
        if (!tests.every(({ ra, t }) => t !== null && t.ci[0] >= -MARGIN * Math.abs(ra.scoreMean))) continue;
        const saving = (costA - costB) * a[0].traces;
        if (best && best.saving >= saving) continue;
        best = { saving, suggestion: suggestion(inputs, traceName, a[0], b[0], tests as { ra: ModelQualityRow; rb: ModelQualityRow; t: NonNullable<(typeof tests)[number]["t"]> }[], saving) };
      }
    }
    if (best) out.push(best.suggestion);
  }
  return out;
}

function toMoments(r: ModelQualityRow) {
  return { n: r.scored, mean: r.scoreMean, variance: r.scoreVariance };
}

function suggestion(
  inputs: SuggestionInputs,
  traceName: string,
  a: ModelQualityRow,
  b: ModelQualityRow,
  tests: { ra: ModelQualityRow; rb: ModelQualityRow; t: { diff: number; ci: [number, number] } }[],
  saving: number,
): Suggestion {
  const ratio = b.meanCost / a.meanCost;
  const evidence: Suggestion["evidence"] = {
    traceName,
    model: a.model,
    cheaperModel: b.model,
    traces: a.traces,
    cheaperTraces: b.traces,
    costPerTrace: round(a.meanCost, 6),
    cheaperCostPerTrace: round(b.meanCost, 6),
    windowSavingUsd: round(saving, 4),
    windowDays: inputs.windowDays,
  };
  for (const { ra, rb, t } of tests) {
    evidence[`${ra.scoreName}.mean`] = round(ra.scoreMean);
    evidence[`${ra.scoreName}.cheaperMean`] = round(rb.scoreMean);
    evidence[`${ra.scoreName}.scored`] = ra.scored;
    evidence[`${ra.scoreName}.cheaperScored`] = rb.scored;
    evidence[`${ra.scoreName}.diffLow90`] = round(t.ci[0]);
    evidence[`${ra.scoreName}.diffHigh90`] = round(t.ci[1]);
  }
  const scores = tests.map(({ ra }) => ra.scoreName).join(", ");
  return {
    rule: CHEAPER_MODEL_RULE,
    key: `${CHEAPER_MODEL_RULE}:${traceName}:${a.model}->${b.model}`,
    // Severity weighs what the switch saves in money, not only in share: a 78% cut of $0.30 is still a small finding.
    severity: ratio <= 0.3 && saving >= SEVERITY_SAVINGS.high ? "high" : ratio <= 0.6 && saving >= SEVERITY_SAVINGS.medium ? "medium" : "low",
    title: `Route "${traceName}" from ${a.model} to ${b.model}`,
    body:
      `${b.model} costs ${Math.round(ratio * 100)}% of ${a.model} per "${traceName}" trace, and its ${scores} ` +
      `${tests.length > 1 ? "are" : "is"} not worse: the 90% interval of the difference stays above −${MARGIN * 100}% of ${a.model}'s mean. ` +
      `Had its ${a.model} traces run on ${b.model}, the last ${inputs.windowDays} days would have cost $${saving.toFixed(2)} less.`,
    evidence,
    material: ["costPerTrace", "cheaperCostPerTrace", "traces"],
    links: [
      { label: `${a.model} traces`, href: `/traces?${new URLSearchParams({ name: traceName, model: a.model })}` },
      { label: `${b.model} traces`, href: `/traces?${new URLSearchParams({ name: traceName, model: b.model })}` },
      { label: "Costs", href: "/costs" },
    ],
  };
}
