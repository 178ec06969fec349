// Deterministic evaluators: each compiles once per run into a function from one item's result to a score in [0, 1]
// (1 = pass), or null when the evaluator cannot judge the item (no expected output, no latency recorded).
import { diffChars } from "diff";
import { compileSafePattern } from "@/lib/patterns/safe-pattern";
import { hashedNgramEmbedder } from "@/lib/monitoring/drift/embedding";
import { compileJsonSchema } from "./json-schema";
import type { DeterministicSpec } from "./schema";

export interface EvaluationInput {
  output: unknown;
  expectedOutput: unknown;
  latencyMs: number | null;
  costUsd: number | null;
}
export type Evaluate = (item: EvaluationInput) => number | null;

/** Strings as they are; anything else as its JSON. */
export function asText(value: unknown): string {
  return typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
}

function parsedJson(value: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof value !== "string") return value === undefined || value === null ? { ok: false } : { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch {
    return { ok: false };
  }
}

/** 2·(characters in common) / (total characters), from a character diff: 1 for equal texts, 0 for disjoint ones. */
export function textSimilarity(a: string, b: string): number {
  if (a.length + b.length === 0) return 1;
  const common = diffChars(a, b).reduce((n, part) => (part.added || part.removed ? n : n + part.value.length), 0);
  return (2 * common) / (a.length + b.length);
}

const embedder = hashedNgramEmbedder();
function cosine(a: string, b: string): number {
  const [x, y] = embedder.embedSync([a, b]);
  return Math.max(0, x!.reduce((s, v, i) => s + v * y![i]!, 0));
}

const pass = (ok: boolean) => (ok ? 1 : 0);
const withThreshold = (score: number, threshold: number | undefined) => (threshold === undefined ? score : pass(score >= threshold));

export function compileDeterministic(spec: DeterministicSpec): Evaluate {
  switch (spec.type) {
    case "exact_match": {
      const norm = (v: unknown) => {
        let s = asText(v);
        if (spec.trim) s = s.trim();
        return spec.caseSensitive ? s : s.toLowerCase();
      };
      return (i) => (i.expectedOutput === undefined || i.expectedOutput === null ? null : pass(norm(i.output) === norm(i.expectedOutput)));
    }
    case "fuzzy_match":
      return (i) => (i.expectedOutput === undefined || i.expectedOutput === null ? null : withThreshold(textSimilarity(asText(i.output), asText(i.expectedOutput)), spec.threshold));
    case "embedding_similarity":
      return (i) => (i.expectedOutput === undefined || i.expectedOutput === null ? null : withThreshold(cosine(asText(i.output), asText(i.expectedOutput)), spec.threshold));
    case "regex": {
      const re = compileSafePattern(spec.pattern, spec.flags);
      return (i) => pass(re.test(asText(i.output)));
    }
    case "contains":
    case "not_contains": {
      const needle = spec.caseSensitive ? spec.value : spec.value.toLowerCase();
      const found = (v: unknown) => (spec.caseSensitive ? asText(v) : asText(v).toLowerCase()).includes(needle);
      return spec.type === "contains" ? (i) => pass(found(i.output)) : (i) => pass(!found(i.output));
    }
    case "json_valid":
      return (i) => pass(parsedJson(i.output).ok);
    case "json_schema": {
      const valid = compileJsonSchema(spec.schema);
      return (i) => {
        const parsed = parsedJson(i.output);
        return pass(parsed.ok && valid(parsed.value));
      };
    }
    case "length": {
      const size = (v: unknown) => (spec.unit === "words" ? (asText(v).match(/\S+/g)?.length ?? 0) : [...asText(v)].length);
      return (i) => {
        const n = size(i.output);
        return pass((spec.min === undefined || n >= spec.min) && (spec.max === undefined || n <= spec.max));
      };
    }
    case "latency":
      return (i) => (i.latencyMs === null ? null : pass(i.latencyMs <= spec.maxMs));
    case "cost":
      return (i) => (i.costUsd === null ? null : pass(i.costUsd <= spec.maxUsd));
  }
}
