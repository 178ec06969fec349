// Shared result shape of the insight validators.

export interface Violation {
  /** Stable rule id, e.g. "tone.clinical-label", for metrics and tests. */
  rule: string;
  /** Why the text was rejected, for logs and regeneration prompts. */
  message: string;
  /** The offending part of the generated text (short, for review). */
  excerpt: string;
}

export interface ValidationResult {
  ok: boolean;
  violations: Violation[];
}

export interface PatternRule {
  rule: string;
  message: string;
  pattern: RegExp;
}

export function result(violations: Violation[]): ValidationResult {
  return { ok: violations.length === 0, violations };
}

/** Normalises typography so patterns need not care about curly quotes. */
export function normaliseTypography(text: string): string {
  return text.normalize("NFKC").replace(/[\u2018\u2019\u02BC]/g, "'").replace(/[\u201C\u201D]/g, '"');
}

/** The match with a little context, so a reviewer sees what was meant. */
export function excerptAround(text: string, index: number, length: number, context = 24): string {
  const start = Math.max(0, index - context);
  const end = Math.min(text.length, index + length + context);
  return `${start > 0 ? "…" : ""}${text.slice(start, end).trim()}${end < text.length ? "…" : ""}`;
}

/** Runs regex rules; each rule reports every match (patterns must be /g). */
export function runPatternRules(text: string, rules: readonly PatternRule[]): Violation[] {
  const clean = normaliseTypography(text);
  const out: Violation[] = [];
  for (const r of rules) {
    for (const m of clean.matchAll(r.pattern)) {
      out.push({ rule: r.rule, message: r.message, excerpt: excerptAround(clean, m.index ?? 0, m[0].length) });
    }
  }
  return out;
}
