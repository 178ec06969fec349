// The evaluators a run may ask for (`evaluators: [{ type, name?, … }]`), validated at the boundary: a regex RE2
// cannot run and a JSON Schema ajv cannot compile are refused with a 400 naming the field.
import { z } from "zod";
import { safePatternProblem } from "@/lib/patterns/safe-pattern";
import { jsonSchemaProblem } from "./json-schema";
import { JUDGE_TEMPLATES, type JudgeTemplate } from "./judge";

const name = z.string().min(1).max(100).regex(/^[\w.\-:]+$/, "may contain letters, digits and . _ - : only").optional();
const text = z.string().min(1, "must not be empty").max(10_000);

export const evaluatorSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("exact_match"), name, caseSensitive: z.boolean().default(true), trim: z.boolean().default(true) }),
  /** Similarity of output and expected output in [0, 1] (2·matching characters / total, Myers diff). */
  z.object({ type: z.literal("fuzzy_match"), name, threshold: z.number().min(0).max(1).optional() }),
  z.object({
    type: z.literal("regex"),
    name,
    pattern: z.string().min(1).max(1000),
    flags: z.string().regex(/^[imsu]*$/, "may contain i, m, s, u only").default(""),
  }).superRefine((e, ctx) => {
    const problem = safePatternProblem(e.pattern, e.flags);
    if (problem) ctx.addIssue({ code: "custom", path: ["pattern"], message: problem });
  }),
  z.object({ type: z.literal("contains"), name, value: text, caseSensitive: z.boolean().default(false) }),
  z.object({ type: z.literal("not_contains"), name, value: text, caseSensitive: z.boolean().default(false) }),
  z.object({ type: z.literal("json_valid"), name }),
  z.object({ type: z.literal("json_schema"), name, schema: z.record(z.string(), z.unknown()) }).superRefine((e, ctx) => {
    const problem = jsonSchemaProblem(e.schema);
    if (problem) ctx.addIssue({ code: "custom", path: ["schema"], message: problem });
  }),
  z.object({ type: z.literal("length"), name, unit: z.enum(["chars", "words"]).default("chars"), min: z.number().int().nonnegative().optional(), max: z.number().int().positive().optional() })
    .refine((e) => e.min !== undefined || e.max !== undefined, { message: "give min, max or both", path: ["min"] }),
  z.object({ type: z.literal("latency"), name, maxMs: z.number().positive() }),
  z.object({ type: z.literal("cost"), name, maxUsd: z.number().positive() }),
  /** Cosine similarity of hashed n-gram embeddings (lexical, offline; lib/monitoring/drift/embedding.ts). */
  z.object({ type: z.literal("embedding_similarity"), name, threshold: z.number().min(0).max(1).optional() }),
  /** A built-in judge template through the provider (`model` overrides its default), else the local heuristic. */
  z.object({
    type: z.literal("llm_judge"),
    name,
    template: z.enum(Object.keys(JUDGE_TEMPLATES) as [JudgeTemplate, ...JudgeTemplate[]]),
    model: z.string().min(1).max(100).optional(),
  }),
]);
export type DeterministicSpec = Exclude<EvaluatorSpec, { type: "llm_judge" }>;
export type EvaluatorSpec = z.output<typeof evaluatorSchema>;

export const evaluatorListSchema = z
  .array(evaluatorSchema)
  .min(1, "give at least one evaluator")
  .max(20)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((e, i) => {
      const n = evaluatorName(e);
      if (seen.has(n)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `duplicate evaluator name ${n}` });
      seen.add(n);
    });
  });

/** The score name an evaluator writes: its `name`, or its type. */
export function evaluatorName(e: { type: string; name?: string }): string {
  return e.name ?? e.type;
}
