import { describe, expect, it } from "vitest";
import { validateNoLeak } from "./leak";
import { validateSafety } from "./safety";
import { validateTone } from "./tone";
import { validateInsight } from "./validate-insight";

const rules = (r: { violations: { rule: string }[] }) => r.violations.map((v) => v.rule);

describe("validateTone", () => {
  it.each([
    ["You have depression and should see someone.", "tone.clinical-label"],
    ["This looks like an anxiety disorder.", "tone.clinical-label"],
    ["You were diagnosed with burnout last year.", "tone.diagnosis"],
    ["The user is suffering from chronic stress.", "tone.diagnosis"],
    ["You should take something to help you sleep.", "tone.medication"],
    ["Maybe ask your doctor about medication.", "tone.medication"],
    ["Stop complaining and get over it.", "tone.harsh-imperative"],
    ["Just calm down, it is only code.", "tone.harsh-imperative"],
    ["It's your own fault the deploy failed.", "tone.blame"],
    ["You are being too sensitive about feedback.", "tone.blame"],
  ])("rejects %j", (text, rule) => {
    const r = validateTone(text);
    expect(r.ok).toBe(false);
    expect(rules(r)).toContain(rule);
    expect(r.violations[0].excerpt.length).toBeGreaterThan(0);
  });

  it.each([
    "Your sessions this week started with some anxiety and often ended calmer.",
    "You seemed frustrated when the export kept failing, and relieved once it worked.",
    "You should take a break when sessions run long; it seemed to help last time.",
    "Don't blame yourself for the flaky tests, they were hard to pin down.",
    "You never gave up on the migration, and it paid off.",
  ])("accepts supportive, non-clinical text %j", (text) => {
    expect(validateTone(text)).toEqual({ ok: true, violations: [] });
  });
});

describe("validateSafety", () => {
  it.each(["Some messages hinted at suicidal thoughts.", "You mentioned wanting to hurt yourself.", "There were signs of self-harm."])(
    "rejects %j",
    (text) => expect(rules(validateSafety(text))).toEqual(["safety.self-harm"]),
  );

  it("does not trip on everyday phrases", () => {
    expect(validateSafety("Cut yourself some slack: the week was long and you still shipped.").ok).toBe(true);
  });
});

describe("validateNoLeak", () => {
  const rawTurns = [
    "Honestly, I'm terrified that my manager will think I can't handle the new project!",
    "ok thanks",
  ];

  it("rejects a leak attempt quoting 6+ words with different casing and punctuation", () => {
    const insight = 'You shared that "MY MANAGER... will think I CAN\u2019T handle" things, which weighed on you.';
    const r = validateNoLeak(insight, { rawTurns });
    expect(r.ok).toBe(false);
    expect(r.violations).toEqual([expect.objectContaining({ rule: "leak.verbatim-ngram", excerpt: "that my manager will think i cant handle" })]);
  });

  it("accepts paraphrases and short overlaps", () => {
    expect(validateNoLeak("You worried about how your manager sees your work on the new project.", { rawTurns }).ok).toBe(true);
    expect(validateNoLeak("ok thanks", { rawTurns }).ok).toBe(true);
  });

  it("does not build n-grams across two turns", () => {
    expect(validateNoLeak("a b c d e f", { rawTurns: ["a b c", "d e f"] }).ok).toBe(true);
  });

  it("supports a custom n-gram length", () => {
    expect(validateNoLeak("the new project was hard", { rawTurns, ngram: 3 }).ok).toBe(false);
  });
});

describe("validateInsight", () => {
  it("combines all rules and reports every violation", () => {
    const r = validateInsight("You have depression; my manager will think I can't handle it. Stop whining.", {
      rawTurns: ["I'm scared my manager will think I can't handle it"],
    });
    expect(r.ok).toBe(false);
    expect(new Set(rules(r))).toEqual(new Set(["tone.clinical-label", "tone.harsh-imperative", "leak.verbatim-ngram"]));
  });

  it("accepts a good insight and rejects an empty one", () => {
    expect(validateInsight("Most of your sessions ended on a calmer note than they began.", { rawTurns: ["help me fix this"] }).ok).toBe(true);
    expect(rules(validateInsight("  ", { rawTurns: [] }))).toEqual(["content.empty"]);
  });
});
