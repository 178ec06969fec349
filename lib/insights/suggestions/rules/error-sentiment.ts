// Rule: an observation (tool, model call, step) whose failures are followed by negative end-user sentiment more often
// than its successes are: the sentiment of the trace's feedback and the user's next trace in the session.
import type { Suggestion, SuggestionInputs } from "../types";
import { formatP, round, twoProportionTest } from "../stats";

export const ERROR_SENTIMENT_RULE = "error-sentiment";
export const MIN_TRACES = 20;
/** Negative sentiment after a failure must be at least this many times as common as after a success. */
export const MIN_RISK_RATIO = 1.5;
const ALPHA = 0.05;

export function errorSentimentRule(inputs: SuggestionInputs): Suggestion[] {
  const out: Suggestion[] = [];
  for (const r of inputs.errorSentiment) {
    if (r.failedTraces < MIN_TRACES || r.okTraces < MIN_TRACES) continue;
    const t = twoProportionTest(r.okNegative, r.okTraces, r.failedNegative, r.failedTraces);
    if (!t || t.diff <= 0 || t.pValue >= ALPHA) continue;
    const ratio = t.p1 === 0 ? null : t.p2 / t.p1;
    if (ratio !== null && ratio < MIN_RISK_RATIO) continue;
    out.push({
      rule: ERROR_SENTIMENT_RULE,
      key: `${ERROR_SENTIMENT_RULE}:${r.observationName}`,
      severity: t.p2 >= 0.5 ? "high" : "medium",
      title: `Failures of "${r.observationName}" precede frustrated users`,
      body:
        `When "${r.observationName}" failed, ${Math.round(t.p2 * 100)}% of those traces had negative end-user sentiment (in their feedback or the user's next message in the session), ` +
        `against ${Math.round(t.p1 * 100)}% when it succeeded (two-proportion z-test ${formatP(t.pValue)}). Fixing its errors should lift sentiment.`,
      evidence: {
        observation: r.observationName,
        failedTraces: r.failedTraces,
        failedNegative: r.failedNegative,
        negativeShareAfterFailure: round(t.p2),
        okTraces: r.okTraces,
        okNegative: r.okNegative,
        negativeShareAfterSuccess: round(t.p1),
        riskRatio: ratio === null ? null : round(ratio, 2),
        pValue: round(t.pValue, 6),
        windowDays: inputs.windowDays,
      },
      material: ["negativeShareAfterFailure", "failedTraces"],
      links: [
        { label: "Failed traces", href: `/traces?${new URLSearchParams({ level: "ERROR" })}` },
        { label: "Sentiment", href: "/users/sentiment" },
      ],
    });
  }
  return out;
}
