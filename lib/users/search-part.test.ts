import { describe, expect, test } from "vitest";
import { selectiveSearchPart } from "./search-part";

const shared = new Map([["use", 1], ["ser", 1], ["000", 0.5], ["001", 0.04]]);

describe("selectiveSearchPart", () => {
  test("leaves out the trigrams every id shares, and the frequent ones, keeping the longest rare run", () => {
    expect(selectiveSearchPart("user_00012", shared)).toBe("0012");
    expect(selectiveSearchPart("USER-42x", shared)).toBe("42x");
    expect(selectiveSearchPart("xuser9q", shared)).toBe("er9q");
  });

  test("no part when every trigram is frequent, the statistics are unknown, or the whole search is already rare", () => {
    expect(selectiveSearchPart("user", shared)).toBeNull();
    expect(selectiveSearchPart("user_00012", new Map())).toBeNull();
    expect(selectiveSearchPart("abc123", shared)).toBeNull();
    expect(selectiveSearchPart("ab", shared)).toBeNull();
  });
});
