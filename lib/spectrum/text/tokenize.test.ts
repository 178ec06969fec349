import { describe, expect, it } from "vitest";
import { tokenize } from "./tokenize";

const norms = (text: string) => tokenize(text).sentences.flatMap((s) => s.tokens.map((t) => t.norm));

describe("tokenize", () => {
  it("drops code blocks, inline code and URLs, which are not the user's feelings", () => {
    const t = norms("I'm happy\n```\nfatal error: kill all\n``` see `panic()` at https://x.io/:(");
    expect(t).toEqual(["i'm", "happy", "see", "at"]);
  });

  it("recognises emoticons without eating times, ratios or labels", () => {
    expect(norms("great :-))) xD")).toEqual(["great", ":)", "xD"]);
    expect(norms("at 12:30 ratio 1:2")).not.toContain(":3");
    expect(tokenize("Note:Do this").sentences[0].tokens.map((t) => t.kind)).toEqual(["word", "punct", "word", "word"]);
  });

  it("normalises emoji variation selectors and skin tones", () => {
    expect(norms("❤️ 👍🏽")).toEqual(["❤", "👍"]);
  });

  it("flags capitalised words and whole-message shouting separately", () => {
    const mixed = tokenize("I am SO happy");
    expect(mixed.shouting).toBe(false);
    expect(mixed.sentences[0].tokens.find((t) => t.norm === "so")?.allCaps).toBe(true);
    expect(tokenize("WHY IS THIS BROKEN").shouting).toBe(true);
  });

  it("splits sentences on terminal punctuation and line breaks, counting ! and ?", () => {
    const { sentences } = tokenize("Great!!! Really?!\nok");
    expect(sentences).toHaveLength(3);
    expect(sentences[0].exclamations).toBe(3);
    expect(sentences[1].interrobang).toBe(true);
  });

  it("normalises curly apostrophes and elongated words", () => {
    const [a, b] = tokenize("don’t sooo").sentences[0].tokens;
    expect(a.norm).toBe("don't");
    expect(b).toMatchObject({ norm: "soo", alt: "so", elongated: true });
  });
});
