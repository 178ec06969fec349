import { describe, expect, test } from "vitest";
import { hasExcess, hasUnfulfilledHope, UNFULFILLED_HOPE_SCALE, withComplaintCues } from "./complaint-cues";
import { localSentimentAnalyzer, uncalibratedSentimentAnalyzer } from "./local-analyzer";
import { textFeatures } from "./model/features";
import { loadModel, logits, readingFromLogits } from "./model/linear-model";
import weights from "./model/weights.json";

describe("complaint cues of a long text's sentences", () => {
  test("an unfulfilled hope: a past wish to like it, or high hopes; not a hope that came true", () => {
    for (const s of ["I wanted to love this dress.", "I really wanted this one to work for me", "Wanted to like it, but it runs small.", "I had such high hopes for this jacket!"])
      expect(hasUnfulfilledHope(s), s).toBe(true);
    for (const s of ["Exactly what I hoped for.", "I love this dress.", "I want everyone to know how good it is.", "I wanted a blue one. The red one is lovely too"])
      expect(hasUnfulfilledHope(s), s).toBe(false);
  });

  test("an excess: 'too' before a word, unless negated; 'me too' and a final 'too' are not one", () => {
    for (const s of ["It is too big in the waist.", "The answers are way too long", "Too slow to be useful."]) expect(hasExcess(s), s).toBe(true);
    for (const s of ["It is not too heavy.", "The sleeves aren't too long", "I love it too.", "Me too!", "It is never too warm"])
      expect(hasExcess(s), s).toBe(false);
  });

  test("a pleasant reading of an unfulfilled hope is flipped and damped; an excess reads at most neutral", () => {
    expect(withComplaintCues("I wanted to love this dress.", 0.9)).toBeCloseTo(0.9 * UNFULFILLED_HOPE_SCALE, 9);
    expect(withComplaintCues("I wanted to love this dress, it looks terrible.", -0.6)).toBe(-0.6);
    expect(withComplaintCues("Lovely colour but too big.", 0.7)).toBe(0);
    expect(withComplaintCues("Too big and too scratchy.", -0.4)).toBe(-0.4);
    expect(withComplaintCues("I love this dress.", 0.9)).toBe(0.9);
  });

  test("only long texts take the cues: a short one is the model's reading as trained (GoEmotions figures unchanged)", () => {
    const short = "I wanted to love this dress but it is too big.";
    const model = uncalibratedSentimentAnalyzer();
    const linear = loadModel(weights);
    expect(localSentimentAnalyzer().analyzeOne(short)).toEqual(readingFromLogits(linear, logits(linear, textFeatures(short))));
    const rest = " The colour is pretty and the fabric is soft. The seller shipped it fast and it came in a nice box with a card and a ribbon.";
    const [hoped, loved] = ["I wanted to love this dress.", "I love this dress."].map((s) => s + rest);
    expect(model.analyzeOne(hoped).polarity).toBeLessThan(model.analyzeOne(loved).polarity - 0.2);
  });
});
