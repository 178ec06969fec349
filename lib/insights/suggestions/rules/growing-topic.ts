// Rule: a conversation topic that is new or growing: its share of the conversations started in the last 7 days is
// higher than its share of the 7 days before (pooled two-proportion z-test), by at least half again, or it had none.
import type { Suggestion, SuggestionInputs } from "../types";
import { formatP, round, twoProportionTest } from "../stats";

export const GROWING_TOPIC_RULE = "growing-topic";
/** Conversations this week below which a topic is too small to call. */
export const MIN_THIS_WEEK = 20;
/** Relative share growth below which a significant rise is still too small to act on. */
export const MIN_RELATIVE_GROWTH = 0.5;
/** A clustering older than this is stale: its weeks no longer are the last two. */
const MAX_AGE_DAYS = 3;
const ALPHA = 0.05;

export function growingTopicRule(inputs: SuggestionInputs): Suggestion[] {
  const fresh = inputs.topics.filter((t) => inputs.now.getTime() - Date.parse(t.computedAt) <= MAX_AGE_DAYS * 86_400_000);
  const thisTotal = fresh.reduce((a, t) => a + t.thisWeek, 0);
  const lastTotal = fresh.reduce((a, t) => a + t.lastWeek, 0);
  const out: Suggestion[] = [];
  for (const t of fresh) {
    if (t.thisWeek < MIN_THIS_WEEK || lastTotal === 0) continue;
    const test = twoProportionTest(t.lastWeek, lastTotal, t.thisWeek, thisTotal);
    if (!test || test.diff <= 0 || test.pValue >= ALPHA) continue;
    const isNew = t.lastWeek === 0;
    const growth = isNew ? null : test.diff / test.p1;
    if (growth !== null && growth < MIN_RELATIVE_GROWTH) continue;
    // Keyed by its top terms, not its number: numbers are reassigned by size on every run.
    const name = [...t.terms.slice(0, 3)].sort().join("+") || t.label;
    out.push({
      rule: GROWING_TOPIC_RULE,
      key: `${GROWING_TOPIC_RULE}:${name}`,
      severity: isNew || (growth ?? 0) >= 2 ? "medium" : "low",
      title: isNew ? `New conversation topic: "${t.label}"` : `Growing conversation topic: "${t.label}"`,
      body:
        `${t.thisWeek} conversations (${Math.round(test.p2 * 100)}% of this week's) started with "${t.label}", against ${t.lastWeek} ` +
        `(${Math.round(test.p1 * 100)}%) the week before (two-proportion z-test ${formatP(test.pValue)}). Check that the product answers it well.`,
      evidence: {
        topic: t.label,
        terms: t.terms.join(", "),
        thisWeek: t.thisWeek,
        lastWeek: t.lastWeek,
        share: round(test.p2),
        previousShare: round(test.p1),
        relativeGrowth: growth === null ? null : round(growth),
        pValue: round(test.pValue, 6),
      },
      material: ["share"],
      links: [{ label: "Topics", href: "/insights/topics" }],
    });
  }
  return out;
}
