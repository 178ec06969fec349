import { expect, test } from "vitest";
import { personaReport } from "../../personas/report";
import type { PersonaHourRow } from "../../personas/types";
import type { PersonaFlagRow } from "../types";
import { binomialSample, emptyInputs } from "./generated";
import { personaEffectivenessRule } from "./persona-effectiveness";

/** The report's flags over generated hourly feedback, flattened as lib/insights/suggestions/inputs.ts does. */
function flags(plan: Record<string, { rate: number; traces: (hour: number) => number }>): PersonaFlagRow[] {
  const hours: PersonaHourRow[] = [];
  let seed = 40;
  for (const [persona, p] of Object.entries(plan)) {
    for (let hour = 0; hour < 24; hour++) {
      const traces = p.traces(hour);
      const rated = Math.round(traces / 2);
      hours.push({ persona, hour, traces, rated, satisfied: binomialSample(seed++, rated, p.rate), thumbsUp: 0, thumbsDown: 0 });
    }
  }
  const r = personaReport({ from: new Date(0), to: new Date(1), dimension: "persona", hours, conversations: [], retention: [] });
  return r.personas.flatMap((p) => p.flags.map((f) => ({ ...f, persona: p.persona, traces: p.traces, usageShare: p.usageShare, rated: p.satisfaction.n })));
}

test("fires for a persona users like better that gets little traffic at night, naming the hours", () => {
  const out = personaEffectivenessRule(emptyInputs({ personaFlags: flags({ coach: { rate: 0.6, traces: () => 40 }, mentor: { rate: 0.9, traces: (h) => (h < 6 ? 2 : 40) } }) }));
  const mentor = out.find((s) => s.key === "persona-effectiveness:underused:mentor");
  expect(mentor?.title).toBe('Persona "mentor" is underused at 00-05 h UTC');
  expect(Number(mentor?.evidence.satisfaction)).toBeGreaterThan(Number(mentor?.evidence.othersSatisfaction));
  // And coach, worse than mentor, is the underperforming one.
  expect(out.map((s) => s.key).sort()).toEqual(["persona-effectiveness:underperforming:coach", "persona-effectiveness:underused:mentor"]);
});

test("stays silent when personas satisfy alike", () => {
  expect(personaEffectivenessRule(emptyInputs({ personaFlags: flags({ coach: { rate: 0.7, traces: () => 40 }, mentor: { rate: 0.7, traces: (h) => (h < 6 ? 2 : 40) } }) }))).toEqual([]);
});
