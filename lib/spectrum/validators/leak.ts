// Leak check: an insight must not quote the user. Any run of `n` consecutive
// normalised word tokens shared with one of the user's raw turns is rejected,
// regardless of casing, punctuation, accents or apostrophes.
import { result, type ValidationResult, type Violation } from "./types";

export const DEFAULT_LEAK_NGRAM = 6;

/** Lower-case word tokens without accents or punctuation ("Don't!" -> "dont"). */
export function leakTokens(text: string): string[] {
  return (
    text
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/['\u2018\u2019\u02BC]/g, "")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

export interface LeakOptions {
  rawTurns: readonly string[];
  /** Shared run length that counts as a leak. Default 6. */
  ngram?: number;
}

export function validateNoLeak(text: string, { rawTurns, ngram = DEFAULT_LEAK_NGRAM }: LeakOptions): ValidationResult {
  if (!Number.isInteger(ngram) || ngram < 2) throw new Error("leak ngram must be an integer >= 2");
  // n-grams never span two turns: the user never wrote that sequence.
  const seen = new Set<string>();
  for (const turn of rawTurns) {
    const toks = leakTokens(turn);
    for (let i = 0; i + ngram <= toks.length; i++) seen.add(toks.slice(i, i + ngram).join(" "));
  }
  if (seen.size === 0) return result([]);

  const toks = leakTokens(text);
  const leaked = new Uint8Array(toks.length);
  for (let i = 0; i + ngram <= toks.length; i++) {
    if (seen.has(toks.slice(i, i + ngram).join(" "))) leaked.fill(1, i, i + ngram);
  }
  // One violation per maximal leaked span.
  const violations: Violation[] = [];
  for (let i = 0; i < toks.length; ) {
    if (!leaked[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < toks.length && leaked[j]) j++;
    const span = toks.slice(i, j).join(" ");
    violations.push({
      rule: "leak.verbatim-ngram",
      message: `Shares ${j - i} consecutive words with the user's own messages; paraphrase instead of quoting.`,
      excerpt: span.length > 120 ? `${span.slice(0, 117)}…` : span,
    });
    i = j;
  }
  return result(violations);
}
