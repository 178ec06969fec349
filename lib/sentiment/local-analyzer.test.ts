import { describe, expect, test } from "vitest";
import { combineReadings } from "./combine";
import { localSentimentAnalyzer } from "./local-analyzer";

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
});
