import { expect, test } from "vitest";
import { binomialSample } from "../suggestions/rules/generated";
import { personaReport } from "./report";
import type { PersonaHourRow, PersonaInputs } from "./types";

/** Three personas, 24 hours; per hour `traces` and `rated` per persona, feedback drawn at each persona's satisfaction rate. */
function inputs(plan: Record<string, { rate: number; traces: (hour: number) => number }>): PersonaInputs {
  const hours: PersonaHourRow[] = [];
  let seed = 1;
  for (const [persona, p] of Object.entries(plan)) {
    for (let hour = 0; hour < 24; hour++) {
      const traces = p.traces(hour);
      const rated = Math.round(traces / 2);
      hours.push({ persona, hour, traces, rated, satisfied: binomialSample(seed++, rated, p.rate), thumbsUp: 0, thumbsDown: 0 });
    }
  }
  return { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-29T00:00:00Z"), dimension: "persona", hours, conversations: [], retention: [] };
}

test("flags a persona whose satisfaction is significantly below the others'", () => {
  const r = personaReport(inputs({ coach: { rate: 0.8, traces: () => 40 }, tutor: { rate: 0.8, traces: () => 40 }, critic: { rate: 0.5, traces: () => 40 } }));
  const flags = Object.fromEntries(r.personas.map((p) => [p.persona, p.flags.map((f) => f.kind)]));
  expect(flags).toEqual({ coach: [], tutor: [], critic: ["underperforming"] });
  const flag = r.personas.find((p) => p.persona === "critic")!.flags[0];
  expect(flag.pValue).toBeLessThan(flag.alpha);
  expect(flag.alpha).toBeCloseTo(0.05 / 3, 12);
});

test("flags a better persona as underused at the hours where it carries little traffic, and only those", () => {
  // mentor satisfies more, but gets 2 traces an hour during 00-11 UTC against 40 for the others.
  const r = personaReport(inputs({ coach: { rate: 0.6, traces: () => 40 }, tutor: { rate: 0.6, traces: () => 40 }, mentor: { rate: 0.9, traces: (h) => (h < 12 ? 2 : 40) } }));
  const mentor = r.personas.find((p) => p.persona === "mentor")!;
  expect(mentor.flags.map((f) => f.kind)).toEqual(["underused"]);
  expect(mentor.flags[0].hours).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  expect(mentor.byHour[0].share).toBeCloseTo(2 / 82, 12);
  // Against mentor's feedback pooled in, the others are worse (underperforming), never underused.
  expect(r.personas.filter((p) => p.persona !== "mentor").flatMap((p) => p.flags.map((f) => f.kind))).not.toContain("underused");
});

test("stays silent when personas perform alike, or feedback is too thin to test", () => {
  const alike = personaReport(inputs({ coach: { rate: 0.7, traces: () => 40 }, tutor: { rate: 0.7, traces: (h) => (h < 12 ? 2 : 40) } }));
  expect(alike.personas.flatMap((p) => p.flags)).toEqual([]);
  const thin = personaReport(inputs({ coach: { rate: 0.9, traces: (h) => (h === 0 ? 10 : 0) }, tutor: { rate: 0.1, traces: (h) => (h === 0 ? 10 : 0) } }));
  expect(thin.personas.flatMap((p) => p.flags)).toEqual([]);
});
