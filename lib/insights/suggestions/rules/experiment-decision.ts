// Rule: a running experiment whose stored results already decide it: ship a winning treatment, or stop one that loses
// or breaches a guardrail. The reading is lib/experiments' own verdict on its stored snapshot; nothing is recomputed.
import { verdictFor } from "@/lib/experiments/verdict";
import type { Suggestion, SuggestionInputs } from "../types";
import { round } from "../stats";

export const EXPERIMENT_DECISION_RULE = "experiment-decision";

export function experimentDecisionRule(inputs: SuggestionInputs): Suggestion[] {
  const out: Suggestion[] = [];
  for (const e of inputs.experiments) {
    const s = e.snapshot;
    // An SRM makes every comparison untrustworthy: the experiment page says so; no ship/stop advice on top.
    if (s.srm.flagged) continue;
    const links = [{ label: "Experiment results", href: `/experiments/${encodeURIComponent(e.key)}` }];
    const breached = s.guardrails.filter((g) => g.breached);
    if (breached.length > 0) {
      const g = breached[0];
      out.push({
        rule: EXPERIMENT_DECISION_RULE,
        key: `${EXPERIMENT_DECISION_RULE}:${e.id}:stop:${g.variantKey}`,
        severity: "high",
        title: `Stop "${e.name}": ${g.variantKey} breaches the ${g.metricKey} guardrail`,
        body: `The latest results check found ${g.variantKey} past the ${g.metricKey} guardrail (lift ${g.lift === null ? "—" : `${round(g.lift * 100, 1)}%`}, threshold ${round(g.threshold * 100, 1)}%) in ${s.breachStreak} consecutive check(s).`,
        evidence: { experiment: e.key, variant: g.variantKey, guardrail: g.metricKey, lift: g.lift === null ? null : round(g.lift), bound: g.bound === null ? null : round(g.bound), threshold: g.threshold, breachStreak: s.breachStreak },
        material: ["lift"],
        links,
      });
      continue;
    }
    // The first goal metric is the primary one (the experiment page leads with it).
    const primary = s.metrics.find((m) => m.role === "goal" && m.analysis);
    if (!primary?.analysis) continue;
    const context = { alpha: s.alpha, srmFlagged: s.srm.flagged, engine: s.engine };
    const readings = primary.analysis.treatments.map((t) => ({ t, verdict: verdictFor(primary, t, context) }));
    const wins = readings.filter((r) => r.verdict.tone === "win").sort((x, y) => Math.abs(y.t.lift ?? 0) - Math.abs(x.t.lift ?? 0));
    const losses = readings.filter((r) => r.verdict.tone === "loss");
    const pick = wins[0] ?? (losses.length === readings.length && losses.length > 0 ? losses[0] : null);
    if (!pick) continue;
    const ship = pick.verdict.tone === "win";
    const t = pick.t;
    const p = primary.adjustedPValues[t.key] ?? t.pValue;
    out.push({
      rule: EXPERIMENT_DECISION_RULE,
      key: `${EXPERIMENT_DECISION_RULE}:${e.id}:${ship ? `ship:${t.key}` : "stop"}`,
      severity: ship ? "medium" : "high",
      title: ship ? `Ship ${t.key} of "${e.name}"` : `Stop "${e.name}": no treatment beats ${primary.analysis.control.key}`,
      body: `${pick.verdict.text} (${primary.metricName}, ${s.engine} engine, n = ${primary.analysis.control.n} control / ${t.n} ${t.key}).`,
      evidence: {
        experiment: e.key,
        metric: primary.metricKey,
        treatment: t.key,
        controlN: primary.analysis.control.n,
        treatmentN: t.n,
        lift: t.lift === null ? null : round(t.lift),
        liftLow: t.liftCI?.[0] == null ? null : round(t.liftCI[0]),
        liftHigh: t.liftCI?.[1] == null ? null : round(t.liftCI[1]),
        pValue: p === null ? null : round(p, 6),
        chanceToBeatControl: t.chanceToBeatControl === null ? null : round(t.chanceToBeatControl),
        engine: s.engine,
      },
      material: ["lift"],
      links,
    });
  }
  return out;
}
