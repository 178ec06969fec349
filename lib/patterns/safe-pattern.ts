/**
 * Admin-supplied regular expressions (custom masking patterns, model-price patterns) run on every ingested item, so
 * they must never backtrack: `(a+)+$` on 30 characters froze the server for seconds with JS RegExp. Every such
 * pattern is compiled here with RE2 (re2js, linear time in the input); patterns RE2 cannot run (backreferences,
 * lookarounds) are refused on input. Prism's own built-in patterns are reviewed code and stay JS RegExps.
 */
import { RE2JS } from "re2js";

/** Flags the settings accept, JS-style: i (case-insensitive), m (multiline), s (dot matches newline), u (no-op: RE2 is Unicode). */
export type SafePatternFlags = string;

export class UnsafePatternError extends Error {
  constructor(readonly pattern: string, reason: string) {
    super(reason);
    this.name = "UnsafePatternError";
  }
}

export interface SafePattern {
  readonly source: string;
  /** The compiled RE2 matcher (exposed so tests can prove no backtracking engine is involved). */
  readonly engine: RE2JS;
  /** True when the pattern matches anywhere in `input`. */
  test(input: string): boolean;
  /** Replaces every match with `replacement` (taken literally: no `$1` expansion). */
  replaceAll(input: string, replacement: string): string;
}

function toRe2Flags(flags: SafePatternFlags): number {
  let out = 0;
  for (const f of flags) {
    if (f === "i") out |= RE2JS.CASE_INSENSITIVE;
    else if (f === "m") out |= RE2JS.MULTILINE;
    else if (f === "s") out |= RE2JS.DOTALL;
    else if (f !== "u" && f !== "g") throw new UnsafePatternError(flags, `unsupported flag "${f}"`);
  }
  return out;
}

/** Compiles with RE2; throws UnsafePatternError with RE2's reason when it cannot (e.g. `(\w)\1`, `(?=x)`). */
export function compileSafePattern(pattern: string, flags: SafePatternFlags = ""): SafePattern {
  let engine: RE2JS;
  try {
    engine = RE2JS.compile(pattern, toRe2Flags(flags));
  } catch (err) {
    if (err instanceof UnsafePatternError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new UnsafePatternError(pattern, `not supported by the linear-time matcher (RE2 syntax, no backreferences or lookarounds): ${reason}`);
  }
  return {
    source: pattern,
    engine,
    test: (input) => engine.test(input),
    // The DFA-only test() is several times cheaper than a matcher, and most strings contain no match.
    replaceAll: (input, replacement) => (engine.test(input) ? engine.matcher(input).replaceAll(() => replacement) : input),
  };
}

/** The reason RE2 refuses `pattern`, or null when it compiles (for zod refinements). */
export function safePatternProblem(pattern: string, flags: SafePatternFlags = ""): string | null {
  try {
    compileSafePattern(pattern, flags);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
