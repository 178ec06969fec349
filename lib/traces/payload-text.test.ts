import { describe, expect, test } from "vitest";
import { previewText, traceInputText, traceOutputText } from "./payload-text";

describe("traceInputText / traceOutputText", () => {
  test("chat payloads read as the user's words in and the model's answer out", () => {
    const input = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Where is my order?" },
    ];
    expect(traceInputText(input)).toBe("Where is my order?");
    expect(traceOutputText({ role: "assistant", content: "It ships today." })).toBe("It ships today.");
    expect(traceOutputText([...input, { role: "assistant", content: "Checking." }, { role: "tool", content: "{}" }, { role: "assistant", content: "It ships today." }])).toBe("It ships today.");
    expect(traceOutputText({ choices: [{ message: { role: "assistant", content: [{ type: "text", text: "Parts too." }] } }] })).toBe("Parts too.");
    expect(traceOutputText({ answer: "A field." })).toBe("A field.");
    expect(traceOutputText("  plain  ")).toBe("plain");
  });

  test("anything else is shown as compact JSON, and nothing recorded stays null", () => {
    expect(traceInputText({ city: "Paris", days: 3 })).toBe('{"city":"Paris","days":3}');
    expect(traceOutputText([1, 2])).toBe("[1,2]");
    expect(traceInputText(null)).toBeNull();
    expect(traceOutputText(undefined)).toBeNull();
    expect(traceOutputText({})).toBeNull();
    expect(traceInputText("   ")).toBeNull();
  });
});

describe("previewText", () => {
  test("one line, cut with an ellipsis at the limit", () => {
    expect(previewText("first line\n\n  second   line")).toBe("first line second line");
    const long = "word ".repeat(60);
    const cut = previewText(long, 40)!;
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(cut.endsWith("…")).toBe(true);
    expect(previewText("short", 40)).toBe("short");
    // Cut after a whole word; a single very long word is cut where it must be.
    expect(previewText("alpha beta gamma delta epsilon", 20)).toBe("alpha beta gamma…");
    expect(previewText("x".repeat(30), 10)).toBe(`${"x".repeat(9)}…`);
    expect(previewText(null)).toBeNull();
  });
});
