import { describe, expect, test } from "vitest";
import { userTexts } from "./user-text";

describe("userTexts", () => {
  test("a plain string is the user's text", () => {
    expect(userTexts("  Why was my card declined?  ")).toEqual(["Why was my card declined?"]);
    expect(userTexts("   ")).toEqual([]);
  });

  test("OpenAI chat messages: only the user messages of the current turn, not the system prompt or history", () => {
    const input = [
      { role: "system", content: "You are a support bot." },
      { role: "user", content: "How do I export invoices?" },
      { role: "assistant", content: "Go to Billing." },
      { role: "user", content: "There is no Billing page!" },
      { role: "user", content: [{ type: "text", text: "I looked everywhere." }, { type: "image_url", image_url: { url: "x" } }] },
    ];
    expect(userTexts(input)).toEqual(["There is no Billing page!", "I looked everywhere."]);
    expect(userTexts({ messages: input })).toEqual(["There is no Billing page!", "I looked everywhere."]);
  });

  test("GenAI semconv parts and OpenInference contents", () => {
    expect(userTexts([{ role: "system", parts: [{ type: "text", content: "Be brief." }] }, { role: "user", parts: [{ type: "text", content: "This keeps failing." }] }])).toEqual([
      "This keeps failing.",
    ]);
    expect(userTexts([{ role: "user", contents: [{ message_content: { type: "text", text: "Thanks a lot!" } }] }])).toEqual(["Thanks a lot!"]);
    expect(userTexts([{ message: { role: "user", content: "hello" } }])).toEqual(["hello"]);
  });

  test("objects with one text field; tool arguments, documents and assistant messages are not user text", () => {
    expect(userTexts({ query: "refund policy" })).toEqual(["refund policy"]);
    expect(userTexts({ role: "assistant", content: "Done" })).toEqual([]);
    expect(userTexts({ document: "Q3 report.pdf" })).toEqual([]);
    expect(userTexts([{ id: "doc_1", text: "chunk" }])).toEqual([]);
    expect(userTexts(null)).toEqual([]);
    expect(userTexts(42)).toEqual([]);
  });
});
