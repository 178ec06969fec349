import { expect, test } from "vitest";
import { messageTokens, personaPosterior, trainTextModel } from "./text-model";

test("tokens: lowercased words, detected tone and pace", () => {
  expect(messageTokens("Why does my INVOICE fail?", ["frustration"])).toEqual(["why", "does", "my", "invoice", "fail", "~frustration", "~short"]);
  expect(messageTokens("a b")).toEqual(["~short"]);
});

test("naive Bayes against a hand computation, and posteriors that sum to one", () => {
  const model = trainTextModel([
    { persona: "coach", tokens: ["stuck", "help"] },
    { persona: "coach", tokens: ["stuck"] },
    { persona: "expert", tokens: ["api", "limits"] },
  ]);
  // Vocabulary 4; coach: 3 tokens (stuck 2, help 1), expert: 2 (api 1, limits 1). P(coach) = 2/3.
  // "stuck": coach (2/3)·(3/7), expert (1/3)·(1/6) → coach = (2/7) / (2/7 + 1/18).
  const p = personaPosterior(model, ["stuck", "unknown-word"]);
  expect(p.get("coach")).toBeCloseTo(2 / 7 / (2 / 7 + 1 / 18), 12);
  expect([...p.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  expect(personaPosterior(model, ["api"]).get("expert")).toBeGreaterThan(0.5);
  expect(personaPosterior(trainTextModel([]), ["x"]).size).toBe(0);
});
