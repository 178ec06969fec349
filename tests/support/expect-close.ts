// Test-only helper: compare against scipy reference values by relative error.
import { expect } from "vitest";

export const REL_TOL = 1e-6;

export function expectRelClose(actual: number | null | undefined, expected: number, tol = REL_TOL): void {
  expect(actual).toBeTypeOf("number");
  const a = actual as number;
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  const rel = Math.abs(a - expected) / scale;
  if (!(rel <= tol)) {
    throw new Error(`expected ${a} to be within ${tol} relative of ${expected} (rel error ${rel})`);
  }
}
