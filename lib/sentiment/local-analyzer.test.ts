import { describe, expect, test } from "vitest";
import { combineReadings } from "./combine";
import { lexiconAnalyzer } from "@/lib/spectrum/lexicon-analyzer";
import { LONG_TEXT_SHARES, localSentimentAnalyzer, longTextSentences, sentenceLexiconValence, uncalibratedSentimentAnalyzer } from "./local-analyzer";

const a = localSentimentAnalyzer();
const read = (t: string) => a.analyzeOne(t);

describe("local sentiment model", () => {
  test("labels clear cases and keeps polarity in [-1, 1]", () => {
    expect(read("Thanks, that worked perfectly!").label).toBe("positive");
    expect(read("This is useless, I wasted an hour.").label).toBe("negative");
    for (const t of ["Thanks, that worked perfectly!", "It doesn't work!!", "ok", ""]) {
      const r = read(t);
      expect(r.polarity).toBeGreaterThanOrEqual(-1);
      expect(r.polarity).toBeLessThanOrEqual(1);
    }
  });

  test("negation flips the reading", () => {
    expect(read("This is good").label).toBe("positive");
    expect(read("This is not good at all").label).toBe("negative");
    expect(read("I'm happy with this").label).toBe("positive");
    expect(read("I'm not happy with this").label).toBe("negative");
  });

  test("an intensifier strengthens the reading", () => {
    expect(read("I'm very happy with this").polarity).toBeGreaterThan(read("I'm happy with this").polarity);
  });

  test("detects frustration and gratitude", () => {
    expect(read("It still doesn't work, this is so annoying").detected).toContain("frustration");
    expect(read("Thank you so much!").detected).toContain("gratitude");
    expect(read("Thank you so much!").detected).not.toContain("frustration");
  });

  test("combining texts averages polarity and keeps the strongest emotion", () => {
    const angry = read("It still doesn't work, this is so annoying");
    const polite = read("Thank you so much!");
    const both = combineReadings([angry, polite])!;
    expect(both.polarity).toBeCloseTo((angry.polarity + polite.polarity) / 2, 3);
    expect(both.emotions.frustration).toBe(angry.emotions.frustration);
    expect(both.detected).toEqual(expect.arrayContaining(["frustration", "gratitude"]));
    expect(combineReadings([])).toBeNull();
  });

  test("a text longer than the training texts (30 words) is read sentence by sentence", () => {
    expect(longTextSentences("This is the third time I'm asking and it still doesn't work.")).toBeNull();
    const pleased = "I love this dress, the colour is gorgeous and it fits perfectly.";
    const annoyed = "Sadly the zipper broke after one wear and the seller never answered my emails.";
    const review = `${pleased} ${annoyed}\nWould not buy from this shop again, what a waste of money.`;
    expect(longTextSentences(review)).toEqual([pleased, annoyed, "Would not buy from this shop again, what a waste of money."]);
    const parts = longTextSentences(review)!.map(read);
    // Its polarity before the rating calibration (model/rating-calibration.test.ts): the sentences' model mean, the
    // lexicon's mean reading of the same sentences and its reading of the whole text (no complaint cue here).
    const mean = parts.reduce((s, r) => s + r.polarity, 0) / parts.length;
    const sentences = longTextSentences(review)!;
    const valence = sentences.reduce((s, t) => s + lexiconAnalyzer().analyzeSync([t])[0].valence, 0) / sentences.length;
    expect(sentenceLexiconValence(sentences)).toBeCloseTo(valence, 6);
    const whole = lexiconAnalyzer().analyzeSync([review])[0].valence;
    const { model, sentenceLexicon, wholeLexicon } = LONG_TEXT_SHARES;
    expect(model + sentenceLexicon + wholeLexicon).toBeCloseTo(1, 9);
    expect(uncalibratedSentimentAnalyzer().analyzeOne(review).polarity).toBeCloseTo(model * mean + sentenceLexicon * valence + wholeLexicon * whole, 3);
    // Read whole, the praise would drown the complaints; by sentences the review comes out negative overall.
    expect(parts[0].label).toBe("positive");
    expect(read(review).label).toBe("negative");
    expect(read(review).detected).toContain("frustration");
  });

  test("the lexicon's part of a long text counts only sentences with a cue, so sizes and measurements do not dilute it", () => {
    const loved = "I love it, the fabric is gorgeous.";
    const sizes = "I am 5'4 and ordered the 0P in navy.";
    expect(lexiconAnalyzer().analyzeWithEvidence(sizes).evidence).toBe(0);
    expect(sentenceLexiconValence([loved, sizes])).toBeCloseTo(lexiconAnalyzer().analyzeSync([loved])[0].valence, 6);
    expect(sentenceLexiconValence([sizes])).toBe(0);
  });
});
