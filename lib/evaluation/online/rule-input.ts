// The body of an evaluation rule (create and patch), validated at the boundary. A rule scores production traces,
// which carry no expected output, so evaluators that need one are refused with a 400 naming the field.
import { z } from "zod";
import { evaluatorName, evaluatorSchema, type EvaluatorSpec } from "../evaluators/schema";
import { JUDGE_TEMPLATES } from "../evaluators/judge";

/** Evaluators that compare with an expected output: on a production trace they could never score. */
const NEEDS_EXPECTED = new Set(["exact_match", "fuzzy_match", "embedding_similarity"]);

export function needsExpectedOutput(e: EvaluatorSpec): boolean {
  return NEEDS_EXPECTED.has(e.type) || (e.type === "llm_judge" && e.template === "correctness");
}

const label = z.string().min(1).max(200);

export const ruleFilterSchema = z
  .object({
    traceName: label.optional(),
    environment: label.optional(),
    /** Every listed tag must be on the trace. */
    tags: z.array(label).max(20).optional(),
    cohortId: z.uuid().optional(),
  })
  .strict();
export type RuleFilter = z.infer<typeof ruleFilterSchema>;

const evaluator = evaluatorSchema.superRefine((e, ctx) => {
  if (needsExpectedOutput(e)) ctx.addIssue({ code: "custom", path: ["type"], message: `${e.type === "llm_judge" ? "the correctness judge" : e.type} needs an expected output, which production traces do not have` });
});

const fields = {
  name: z.string().trim().min(1).max(100),
  evaluator,
  filter: ruleFilterSchema.default({}),
  sampleRate: z.number().min(0).max(1),
  maxPerMinute: z.number().int().min(1).max(10_000).default(60),
  /** Judge rules only: the provider cost a rule may spend per UTC day before it stops until midnight. */
  maxCostUsdPerDay: z.number().positive().max(10_000).nullable().default(null),
  enabled: z.boolean().default(true),
};

function costCapOnlyForJudges(r: { evaluator?: EvaluatorSpec; maxCostUsdPerDay?: number | null }, ctx: z.RefinementCtx) {
  if (r.evaluator && r.evaluator.type !== "llm_judge" && r.maxCostUsdPerDay != null) {
    ctx.addIssue({ code: "custom", path: ["maxCostUsdPerDay"], message: "applies to llm_judge rules only (deterministic evaluators cost nothing)" });
  }
}

export const createRuleSchema = z
  .object({
    ...fields,
    /** Score traces from this instant on (a backfill of recent traffic); default: from the rule's creation. */
    startAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict().superRefine(costCapOnlyForJudges);
export type CreateRuleInput = z.output<typeof createRuleSchema>;

export const patchRuleSchema = z
  .object({
    name: fields.name,
    evaluator,
    filter: ruleFilterSchema,
    sampleRate: fields.sampleRate,
    maxPerMinute: z.number().int().min(1).max(10_000),
    maxCostUsdPerDay: z.number().positive().max(10_000).nullable(),
    enabled: z.boolean(),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: "give at least one field to change" });
export type PatchRuleInput = z.output<typeof patchRuleSchema>;

/** The score name a rule writes: its evaluator's name, else a judge's template (e.g. `helpfulness`), else its type. */
export function ruleScoreName(e: EvaluatorSpec): string {
  return e.type === "llm_judge" && !e.name ? e.template : evaluatorName(e);
}

/** How a rule's score is typed in `scores`: pass/fail checks and boolean judges as booleans, the rest numeric. */
export function ruleScoreType(e: EvaluatorSpec): "numeric" | "boolean" {
  if (e.type === "llm_judge") return JUDGE_TEMPLATES[e.template].scoreType === "boolean" ? "boolean" : "numeric";
  return e.type === "fuzzy_match" || e.type === "embedding_similarity" ? "numeric" : "boolean";
}
