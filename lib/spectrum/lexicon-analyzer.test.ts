import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LEXICON_ANALYSIS_VERSION, LexiconEmotionAnalyzer, lexiconAnalyzer } from "./lexicon-analyzer";
import { EMOTIONS, type Emotion } from "./types";
import { dominantEmotion } from "./vector";

const analyzer = lexiconAnalyzer();
const vec = (text: string) => analyzer.analyzeSync([text])[0];
const score = (text: string, e: Emotion) => vec(text).emotions[e];
const dominant = (text: string) => dominantEmotion(vec(text));

describe("LexiconEmotionAnalyzer", () => {
  it("implements the provider interface with a stable version", async () => {
    expect(analyzer.id).toBe("lexicon");
    expect(analyzer.version).toBe(LEXICON_ANALYSIS_VERSION);
    const out = await analyzer.analyze(["I'm happy", "I'm sad", ""]);
    expect(out).toHaveLength(3);
    expect(out.map((v) => dominantEmotion(v))).toEqual(["joy", "sadness", "neutral"]);
  });

  it("gives custom lexicons a distinct version", () => {
    const custom = new LexiconEmotionAnalyzer({
      lexiconFile: { version: "acme-1", words: { yolo: [0.6, 0.8, { joy: 0.8 }] }, phrases: {}, symbols: {} },
    });
    expect(custom.version).not.toBe(LEXICON_ANALYSIS_VERSION);
    expect(custom.version).toMatch(/^lexicon-custom-acme-1-/);
    expect(dominantEmotion(custom.analyzeSync(["yolo"])[0])).toBe("joy");
  });

  it("names the obvious emotions", () => {
    expect(dominant("I am so grateful, thank you")).toBe("gratitude");
    expect(dominant("I'm really nervous about tomorrow")).toBe("anxiety");
    expect(dominant("I am furious with them")).toBe("anger");
    expect(dominant("This is so frustrating")).toBe("frustration");
    expect(dominant("I'm confused, what do you mean?")).toBe("confusion");
    expect(dominant("I feel calm and relaxed")).toBe("calm");
    expect(dominant("Please convert this CSV to JSON")).toBe("neutral");
  });

  it("negation flips and dampens valence, and moves the emotion", () => {
    const happy = vec("I am happy");
    const notHappy = vec("I am not happy");
    expect(notHappy.valence).toBeLessThan(0);
    expect(Math.abs(notHappy.valence)).toBeLessThan(Math.abs(vec("I am sad").valence));
    expect(notHappy.emotions.joy).toBeLessThan(happy.emotions.joy / 4);
    expect(dominant("I'm not worried at all")).toBe("calm");
    expect(dominant("I don't understand")).toBe("confusion");
  });

  it("limits negation to ~3 tokens inside the clause", () => {
    expect(vec("not at all happy").valence).toBeLessThan(0); // 3 tokens back
    expect(vec("not the thing that made me happy").valence).toBeGreaterThan(0); // too far
    expect(vec("Not now. I am happy").valence).toBeGreaterThan(0); // punctuation closes the scope
  });

  it("orders intensifiers and diminishers", () => {
    const j = (t: string) => score(t, "joy");
    expect(j("extremely happy")).toBeGreaterThan(j("very happy"));
    expect(j("very happy")).toBeGreaterThan(j("happy"));
    expect(j("happy")).toBeGreaterThan(j("slightly happy"));
    expect(j("happy")).toBeGreaterThan(j("a bit happy"));
  });

  it("adds emphasis for !!!, ALL-CAPS words, elongation and shouting", () => {
    const plain = vec("I am angry");
    expect(vec("I am angry!!!").emotions.anger).toBeGreaterThan(plain.emotions.anger);
    expect(vec("I am angry!!!").arousal).toBeGreaterThan(plain.arousal);
    expect(vec("I am ANGRY").emotions.anger).toBeGreaterThan(plain.emotions.anger);
    expect(score("sooo happy", "joy")).toBeGreaterThan(score("so happy", "joy"));
    expect(vec("WHY IS THIS STILL NOT WORKING").arousal).toBeGreaterThan(vec("why is this still not working").arousal);
  });

  it("reads emoji and emoticons", () => {
    expect(dominant("ok 😊")).toBe("joy");
    expect(dominant("ok :(")).toBe("sadness");
    expect(dominant("🙏")).toBe("gratitude");
    expect(dominant("😡")).toBe("anger");
  });

  it("weights the clause after a contrastive 'but' more", () => {
    expect(vec("The movie was great but the ending was sad").valence).toBeLessThan(0);
    expect(vec("The ending was sad but the movie was great").valence).toBeGreaterThan(0);
    expect(vec("It was great. But then it crashed.").valence).toBeLessThan(0);
  });

  it("matches multi-word expressions before single words", () => {
    expect(dominant("I'm fed up")).toBe("frustration");
    expect(dominant("I'm at a loss")).toBe("confusion");
    expect(dominant("no worries")).toBe("calm");
    expect(dominant("I can't wait!")).toBe("joy");
    expect(dominant("I can't stop smiling")).toBe("joy");
  });

  it("ignores feelings-like words inside pasted code", () => {
    expect(dominant("Here is the log:\n```\nFATAL: panic, kill -9, failed, error\n```")).toBe("neutral");
  });

  it("always returns well-formed, deterministic vectors", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const [a, b] = analyzer.analyzeSync([text, text]);
        expect(a).toEqual(b);
        expect(a.valence).toBeGreaterThanOrEqual(-1);
        expect(a.valence).toBeLessThanOrEqual(1);
        expect(a.arousal).toBeGreaterThanOrEqual(0);
        expect(a.arousal).toBeLessThanOrEqual(1);
        for (const e of EMOTIONS) {
          expect(a.emotions[e]).toBeGreaterThanOrEqual(0);
          expect(a.emotions[e]).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 200 },
    );
  });
});
