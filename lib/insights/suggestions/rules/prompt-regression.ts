// Rule: the newest prompt version of a trace name scores lower than the version before it (Welch's t-test on the
// per-trace score; scores are read as higher-is-better, as ratings and judge scores are).
import type { PromptVersionRow, Suggestion, SuggestionInputs } from "../types";
import { formatP, round, welchDifference } from "../stats";

export const PROMPT_REGRESSION_RULE = "prompt-regression";
export const MIN_SCORED = 30;
const ALPHA = 0.05;

export function promptRegressionRule(inputs: SuggestionInputs): Suggestion[] {
  const groups = new Map<string, PromptVersionRow[]>();
  for (const r of inputs.promptVersions) {
    const k = JSON.stringify([r.traceName, r.scoreName]);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const out: Suggestion[] = [];
  for (const rows of groups.values()) {
    // Newest two versions by first appearance: the change a team just made.
    const [current, previous] = [...rows].sort((x, y) => y.firstSeen.localeCompare(x.firstSeen) || y.version.localeCompare(x.version));
    if (!previous || current.n < MIN_SCORED || previous.n < MIN_SCORED) continue;
    const t = welchDifference(previous, current, ALPHA);
    if (!t || t.diff >= 0 || t.pValue >= ALPHA) continue;
    const relative = previous.mean !== 0 ? t.diff / Math.abs(previous.mean) : null;
    const drop = relative === null ? 0 : -relative;
    out.push({
      rule: PROMPT_REGRESSION_RULE,
      key: `${PROMPT_REGRESSION_RULE}:${current.traceName}:${previous.version}->${current.version}:${current.scoreName}`,
      severity: drop >= 0.2 ? "high" : drop >= 0.1 ? "medium" : "low",
      title: `Prompt ${current.version} lowered ${current.scoreName} on "${current.traceName}"`,
      body:
        `Since ${current.version} replaced ${previous.version}, mean ${current.scoreName} fell from ${round(previous.mean, 3)} to ${round(current.mean, 3)} ` +
        `(Welch's t-test ${formatP(t.pValue)}; 95% interval of the change ${round(t.ci[0], 3)} to ${round(t.ci[1], 3)}). Consider rolling back or testing it in an experiment.`,
      evidence: {
        traceName: current.traceName,
        scoreName: current.scoreName,
        version: current.version,
        previousVersion: previous.version,
        scored: current.n,
        previousScored: previous.n,
        mean: round(current.mean),
        previousMean: round(previous.mean),
        diff: round(t.diff),
        diffLow95: round(t.ci[0]),
        diffHigh95: round(t.ci[1]),
        pValue: round(t.pValue, 6),
        relativeChange: relative === null ? null : round(relative),
      },
      material: ["diff"],
      links: [
        { label: `${current.version} traces`, href: `/traces?${new URLSearchParams({ name: current.traceName })}` },
        { label: "Prompts", href: "/prompts" },
      ],
    });
  }
  return out;
}
