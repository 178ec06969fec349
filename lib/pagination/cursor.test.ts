// The compound keyset cursor: round-trips its values and refuses any token of another shape.
import { describe, expect, test } from "vitest";
import { decodeDateCursor, decodeTupleCursor, encodeCursor, InvalidCursorError } from "./cursor";

describe("tuple cursors", () => {
  test("round-trip numbers and dates in order", () => {
    const at = new Date("2026-11-20T00:00:00.000Z");
    const raw = encodeCursor([1, 3, at], "id-1");
    expect(decodeTupleCursor(raw, ["number", "number", "date"])).toEqual({ v: [1, 3, at.toISOString()], id: "id-1" });
  });

  test("refuse another shape, a single-value cursor and garbage", () => {
    const raw = encodeCursor([at(), 4.5], "x");
    expect(() => decodeTupleCursor(raw, ["number", "number", "date"])).toThrow(InvalidCursorError);
    expect(() => decodeTupleCursor(raw, ["number", "date"])).toThrow(InvalidCursorError);
    expect(() => decodeTupleCursor(encodeCursor(at(), "x"), ["date"])).toThrow(InvalidCursorError);
    expect(() => decodeTupleCursor("not-a-cursor", ["date"], "cursor: nope")).toThrow("cursor: nope");
    // Single-value cursors are unchanged.
    expect(decodeDateCursor(encodeCursor(at(), "x"))).toEqual({ v: at().toISOString(), id: "x" });
  });
});

function at() {
  return new Date("2026-01-01T00:00:00.000Z");
}
