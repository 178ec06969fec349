import { describe, expect, it } from "vitest";
import { LEXICON_ANALYSIS_VERSION } from "../lexicon-analyzer";
import { tokenize } from "../text/tokenize";
import { EMOTIONS } from "../types";
import lexiconJson from "./lexicon-v1.json";
import { analysisFingerprint, buildLexicon, shippedLexicon, type LexiconFile } from "./load-lexicon";

// The inferred JSON type is a huge union; the validated shape is what matters.
const rawLexicon = lexiconJson as unknown as LexiconFile;

const tokensOf = (s: string) => tokenize(s).sentences.flatMap((x) => x.tokens);

describe("shipped lexicon", () => {
  it("is pinned to the analysis version (bump LEXICON_ANALYSIS_VERSION when this fails)", () => {
    // Changing lexicon-v1.json or rules.ts changes results. Update the version
    // constant (and the JSON "version"), then re-pin this fingerprint.
    expect(rawLexicon.version).toBe(LEXICON_ANALYSIS_VERSION);
    expect(analysisFingerprint()).toBe("e67c6968");
  });

  it("has a useful size and covers every emotion with strong cues", () => {
    const lex = shippedLexicon();
    const size = lex.tokens.size + lex.phrases.size;
    expect(size).toBeGreaterThan(800);
    expect(size).toBeLessThan(1500);
    const all = [...lex.tokens.values(), ...lex.phrases.values()];
    for (const e of EMOTIONS) {
      expect(all.filter((x) => (x.emotions[e] ?? 0) >= 0.5).length, e).toBeGreaterThanOrEqual(30);
    }
  });

  it("only contains keys the tokenizer can actually produce (no dead entries)", () => {
    for (const k of Object.keys(rawLexicon.words)) expect(tokensOf(k).map((t) => t.norm), k).toEqual([k]);
    for (const k of Object.keys(rawLexicon.symbols)) expect(tokensOf(k).map((t) => t.norm), k).toEqual([k]);
    for (const k of Object.keys(rawLexicon.phrases)) expect(tokensOf(k).map((t) => t.norm).join(" "), k).toBe(k);
  });

  it("keeps valence and emotion polarity consistent", () => {
    const positive = new Set(["joy", "calm", "gratitude"]);
    for (const [k, [valence, , emotions]] of Object.entries({ ...rawLexicon.words, ...rawLexicon.phrases, ...rawLexicon.symbols })) {
      if (Math.abs(valence) < 0.3) continue;
      let pos = 0;
      let neg = 0;
      for (const [e, w] of Object.entries(emotions)) {
        if (positive.has(e)) pos += w ?? 0;
        else neg += w ?? 0;
      }
      expect(valence > 0 ? pos >= neg : neg >= pos, k).toBe(true);
    }
  });

  it("rejects malformed custom lexicons", () => {
    expect(() => buildLexicon({ version: "x", words: { happy: [2, 0.5, {}] }, phrases: {}, symbols: {} })).toThrow();
    expect(() => buildLexicon({ version: "x", words: { happy: [0.5, 0.5, { glee: 1 }] }, phrases: {}, symbols: {} })).toThrow();
  });
});
