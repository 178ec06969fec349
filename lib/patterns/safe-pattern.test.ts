// Admin-supplied patterns must run in linear time (issue 12 finding 3): RE2 engine, backtracking-only syntax refused.
import { expect, test } from "vitest";
import { RE2JS } from "re2js";
import { compileSafePattern, safePatternProblem, UnsafePatternError } from "./safe-pattern";
import { createMasker } from "@/lib/traces/masking";
import { matchModelPrice } from "@/lib/traces/pricing/match";

const evilInput = (n: number) => "a".repeat(n) + "!";

test("the catastrophic pattern (a+)+$ is compiled by RE2 and a 100k-character input returns", () => {
  const p = compileSafePattern("(a+)+$");
  expect(p.engine).toBeInstanceOf(RE2JS);
  // A backtracking engine needs ~2^n steps here; 30 characters already took seconds.
  expect(p.test(evilInput(100_000))).toBe(false);
  expect(p.test("aaa")).toBe(true);
});

test("masking and pricing run admin patterns through RE2, also on adversarial input", () => {
  const masker = createMasker({ customPatterns: [{ label: "evil", pattern: "(a+)+$" }] });
  expect(masker.maskString(evilInput(100_000))).toBe(evilInput(100_000));
  expect(masker.maskString("xaaaa")).toBe("x[CUSTOM:evil]");
  const override = { id: "own/evil", modelPattern: "^(a+)+$", inputPerToken: 1, outputPerToken: 1, inputIncludesCache: true, effectiveFrom: "2020-01-01" };
  expect(matchModelPrice(evilInput(100_000), new Date("2025-01-01"), [], [override])).toBeUndefined();
  expect(matchModelPrice("AAAA", new Date("2025-01-01"), [], [override])?.id).toBe("own/evil");
});

test("flags map to RE2 and replacements are literal", () => {
  expect(compileSafePattern("order-\\d+", "i").replaceAll("ORDER-12 and order-3", "$1[X]")).toBe("$1[X] and $1[X]");
  expect(compileSafePattern("^b", "m").test("a\nb")).toBe(true);
  expect(compileSafePattern("a.b", "s").test("a\nb")).toBe(true);
  expect(compileSafePattern("a.b").test("a\nb")).toBe(false);
});

test("backreferences and lookarounds are refused with a reason", () => {
  for (const bad of ["(\\w)\\1", "foo(?=bar)", "(?!x)y", "(?<=a)b", "[unclosed"]) {
    expect(() => compileSafePattern(bad)).toThrow(UnsafePatternError);
    expect(safePatternProblem(bad)).toMatch(/RE2/);
  }
  expect(safePatternProblem("ORD-\\d+")).toBeNull();
});
