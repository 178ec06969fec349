import { expect, test } from "vitest";
import { suggestPersonas, type PersonaStats } from "./suggest";

const hours = (at: Record<number, number>) => Array.from({ length: 24 }, (_, h) => at[h] ?? 0);
const stats = (persona: string, o: Partial<PersonaStats>): PersonaStats => ({ persona, traces: 100, rated: 0, satisfied: 0, hourTraces: hours({}), eligible: 0, returned: 0, ...o });

test("history dominates: a user who loves one persona gets it first; reasons say why", () => {
  const personas = [
    stats("mentor", { rated: 50, satisfied: 40, hourTraces: hours({ 9: 10 }) }),
    stats("coach", { rated: 50, satisfied: 30, hourTraces: hours({ 9: 10 }) }),
  ];
  const anonymous = suggestPersonas({ personas, user: null, fit: null, hour: 9 });
  expect(anonymous.suggestions.map((s) => s.persona)).toEqual(["mentor", "coach"]);
  const fan = suggestPersonas({ personas, user: [{ persona: "coach", scoreSum: 20, scored: 20 }], fit: null, hour: 9 });
  expect(fan.suggestions[0].persona).toBe("coach");
  expect(fan.suggestions[0].reasons[0]).toBe("this user rated 20 of its answers, 100% satisfied on average");
  expect(fan.missing).toEqual(["too few rated conversations to learn which messages suit which persona", "no persona's users have a known next week yet"]);
});

test("scores by hand: each signal scaled by the best candidate, weights re-normalised over the signals with data", () => {
  const personas = [
    stats("a", { rated: 10, satisfied: 10, hourTraces: hours({ 3: 0 }) }),
    stats("b", { rated: 10, satisfied: 5, hourTraces: hours({ 3: 10 }) }),
  ];
  const out = suggestPersonas({ personas, user: null, fit: new Map([["a", 0.2], ["b", 0.8]]), hour: 3 });
  // project satisfaction 0.75; persona a: (10 + 10·0.75)/20 = 0.875, b: (5 + 7.5)/20 = 0.625; user prior: a = 0.875, b = 0.625.
  // time at 03:00: a (0 + 5·0.5)/(10 + 5) = 1/6, b (10 + 2.5)/15 = 5/6. fit a 0.2, b 0.8.
  // scaled: history a 1, b 0.625/0.875; fit a 0.25, b 1; time a 0.2, b 1. Weights 0.5, 0.3, 0.2 (sum 1.0).
  const a = 0.5 * 1 + 0.3 * 0.25 + 0.2 * 0.2;
  const b = 0.5 * (0.625 / 0.875) + 0.3 * 1 + 0.2 * 1;
  expect(out.suggestions.map((s) => [s.persona, s.score])).toEqual([["b", Math.round(b * 1000) / 1000], ["a", Math.round(a * 1000) / 1000]]);
});

test("at most three, and an honest empty answer for a project without personas", () => {
  const many = ["p1", "p2", "p3", "p4", "p5"].map((p, i) => stats(p, { traces: 10 + i }));
  expect(suggestPersonas({ personas: many, user: null, fit: null, hour: 0 }).suggestions).toHaveLength(3);
  expect(suggestPersonas({ personas: [], user: null, fit: null, hour: 0 })).toEqual({ suggestions: [], missing: ["no persona has answered any traces yet"] });
});
