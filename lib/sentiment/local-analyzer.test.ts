import { describe, expect, test } from "vitest";
import { combineReadings } from "./combine";
import { localSentimentAnalyzer, longTextSentences } from "./local-analyzer";

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
    expect(read(review).polarity).toBeCloseTo(parts.reduce((s, r) => s + r.polarity, 0) / parts.length, 3);
    // Read whole, the praise would drown the complaints; by sentences the review comes out negative overall.
    expect(parts[0].label).toBe("positive");
    expect(read(review).label).toBe("negative");
    expect(read(review).detected).toContain("frustration");
  });
});

