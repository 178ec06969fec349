// Rule: a saved cohort whose week-over-week return rate fell: of its users active in the latest complete week pair,
// fewer came back the next week than in the weeks before (pooled two-proportion z-test).
import type { Suggestion, SuggestionInputs } from "../types";
import { formatP, round, twoProportionTest } from "../stats";

export const COHORT_RETENTION_RULE = "cohort-retention";
export const MIN_ACTIVE = 30;
/** The relative drop below which a significant change is still too small to act on. */
export const MIN_RELATIVE_DROP = 0.1;
const ALPHA = 0.05;

export function cohortRetentionRule(inputs: SuggestionInputs): Suggestion[] {
  const out: Suggestion[] = [];
  for (const c of inputs.cohortReturns) {
    if (c.recentActive < MIN_ACTIVE || c.baselineActive < MIN_ACTIVE) continue;
    const t = twoProportionTest(c.baselineReturned, c.baselineActive, c.recentReturned, c.recentActive);
    if (!t || t.diff >= 0 || t.pValue >= ALPHA || t.p1 === 0) continue;
    const drop = -t.diff / t.p1;
    if (drop < MIN_RELATIVE_DROP) continue;
    out.push({
      rule: COHORT_RETENTION_RULE,
      key: `${COHORT_RETENTION_RULE}:${c.cohortId}`,
      severity: drop >= 0.3 ? "high" : drop >= 0.15 ? "medium" : "low",
      title: `Retention of "${c.cohortName}" dropped`,
      body:
        `Of the cohort's users active (${c.event}) in the week of ${c.recentWeek.slice(0, 10)}, ${Math.round(t.p2 * 100)}% came back the next week, ` +
        `against ${Math.round(t.p1 * 100)}% in the weeks before (two-proportion z-test ${formatP(t.pValue)}).`,
      evidence: {
        cohort: c.cohortName,
        event: c.event,
        week: c.recentWeek,
        active: c.recentActive,
        returned: c.recentReturned,
        returnRate: round(t.p2),
        baselineActive: c.baselineActive,
        baselineReturned: c.baselineReturned,
        baselineReturnRate: round(t.p1),
        relativeDrop: round(drop),
        pValue: round(t.pValue, 6),
      },
      material: ["returnRate"],
      links: [
        { label: "Cohort", href: `/users/cohorts/${c.cohortId}` },
        { label: "Retention", href: "/users/retention" },
      ],
    });
  }
  return out;
}
