// Rule: a persona flagged by the persona report (lib/insights/personas/report.ts): underused (users are more satisfied
// with it, yet it carries under half its fair share of traffic at some hours) or underperforming (less satisfied
// users than the other personas). The significance test and its correction are the report's; this only words it.
import type { Suggestion, SuggestionInputs } from "../types";
import { formatP, round } from "../stats";

export const PERSONA_RULE = "persona-effectiveness";

/** Hours as ranges: [1, 2, 3, 7] → "01-03, 07 h UTC". */
function hourRanges(hours: number[]): string {
  const out: string[] = [];
  const pad = (h: number) => String(h).padStart(2, "0");
  for (let i = 0; i < hours.length; i++) {
    let j = i;
    while (j + 1 < hours.length && hours[j + 1] === hours[j] + 1) j++;
    out.push(i === j ? pad(hours[i]) : `${pad(hours[i])}-${pad(hours[j])}`);
    i = j;
  }
  return `${out.join(", ")} h UTC`;
}

export function personaEffectivenessRule(inputs: SuggestionInputs): Suggestion[] {
  return inputs.personaFlags.map((f) => {
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    const underused = f.kind === "underused";
    const gap = Math.abs(f.satisfaction - f.othersSatisfaction);
    return {
      rule: PERSONA_RULE,
      key: `${PERSONA_RULE}:${f.kind}:${f.persona}`,
      severity: gap >= 0.2 ? "high" : gap >= 0.1 ? "medium" : "low",
      title: underused ? `Persona "${f.persona}" is underused at ${hourRanges(f.hours)}` : `Persona "${f.persona}" satisfies users less than the others`,
      body: underused
        ? `${pct(f.satisfaction)} of its rated traces are satisfied against ${pct(f.othersSatisfaction)} for the other personas (two-proportion z-test ${formatP(f.pValue)}, ` +
          `Bonferroni level ${f.alpha.toPrecision(2)}), yet it carries under half its fair share of traffic at ${hourRanges(f.hours)}. Consider offering it more at those hours.`
        : `${pct(f.satisfaction)} of its rated traces are satisfied against ${pct(f.othersSatisfaction)} for the other personas (two-proportion z-test ${formatP(f.pValue)}, ` +
          `Bonferroni level ${f.alpha.toPrecision(2)}). Review its prompt or route its users to a better persona.`,
      evidence: {
        persona: f.persona,
        kind: f.kind,
        traces: f.traces,
        usageShare: round(f.usageShare),
        rated: f.rated,
        satisfaction: round(f.satisfaction),
        othersSatisfaction: round(f.othersSatisfaction),
        hours: underused ? f.hours.join(",") : null,
        pValue: round(f.pValue, 6),
      },
      material: ["satisfaction", "othersSatisfaction"],
      links: [{ label: "Personas", href: "/insights/personas" }],
    };
  });
}
