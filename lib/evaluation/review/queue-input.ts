// Annotation queues at the boundary: score configs (numeric range, categories, boolean; each may carry a rubric line
// telling reviewers what the score means), queue creation, adding traces, dataset items or Spectrum insights, and a review's scores checked against the queue's configs (an unknown name or a value out of range is a
// 400 naming the field, and nothing is written).
import { z } from "zod";
import { AppError } from "@/lib/errors";

const scoreName = z.string().min(1).max(100).regex(/^[\w.\-:]+$/, "may contain letters, digits and . _ - : only");
/** The rubric of one score: what a reviewer should check before giving it, shown beside its control. */
const rubric = z.string().trim().min(1).max(500).optional();

export const scoreConfigSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("numeric"), name: scoreName, min: z.number().default(0), max: z.number().default(1), description: rubric }).refine((c) => c.max > c.min, { message: "max must exceed min", path: ["max"] }),
  z.object({ type: z.literal("categorical"), name: scoreName, categories: z.array(z.string().min(1).max(100)).min(2).max(9), description: rubric })
    .refine((c) => new Set(c.categories).size === c.categories.length, { message: "categories must be distinct", path: ["categories"] }),
  z.object({ type: z.literal("boolean"), name: scoreName, description: rubric }),
]);
export type ScoreConfig = z.output<typeof scoreConfigSchema>;

export const createQueueSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(2000).optional(),
    scoreConfigs: z
      .array(scoreConfigSchema)
      .min(1, "give at least one score config")
      .max(10)
      .refine((list) => new Set(list.map((c) => c.name)).size === list.length, { message: "score config names must be distinct" }),
    /** Reviewers see outputs without trace, model, version or prompt names, in an order shuffled per reviewer. */
    blinded: z.boolean().default(false),
  })
  .strict();
export type CreateQueueInput = z.output<typeof createQueueSchema>;

export const addItemsSchema = z
  .object({
    traceIds: z.array(z.string().min(1).max(200)).min(1).max(1000).optional(),
    /** Dataset items to review (their input and expected output), beside or instead of traces. */
    datasetItemIds: z.array(z.uuid({ error: "must be dataset item ids" })).min(1).max(1000).optional(),
    /** Generated Spectrum insights to review (their text, beside the numbers they were written from). */
    insightIds: z.array(z.uuid({ error: "must be insight ids" })).min(1).max(1000).optional(),
    /** A random sample of the project's stored insights not yet in the queue (optionally of one kind). */
    insightSample: z.object({ size: z.number().int().min(1).max(1000), kind: z.enum(["weekly", "monthly"]).optional() }).strict().optional(),
    /** A member of the organization who should review these items (others may still review them). */
    assigneeId: z.uuid().optional(),
  })
  .strict()
  .refine((b) => b.traceIds !== undefined || b.datasetItemIds !== undefined || b.insightIds !== undefined || b.insightSample !== undefined, {
    error: "give traceIds, datasetItemIds, insightIds or insightSample",
    path: ["traceIds"],
  });
export type AddItemsInput = z.output<typeof addItemsSchema>;

export const reviewSchema = z
  .object({
    scores: z.record(z.string(), z.union([z.number(), z.boolean(), z.string().max(100)])).refine((s) => Object.keys(s).length > 0, { message: "give at least one score" }),
    comment: z.string().max(2000).optional(),
  })
  .strict();
export type ReviewInput = z.output<typeof reviewSchema>;

export interface ReviewedScore {
  name: string;
  value: number;
  stringValue: string | null;
  dataType: "numeric" | "boolean" | "categorical";
}

/** The review's scores as rows to store; throws a 400 naming the first score that does not fit its config. */
export function checkReviewScores(configs: ScoreConfig[], scores: ReviewInput["scores"]): ReviewedScore[] {
  const byName = new Map(configs.map((c) => [c.name, c]));
  const bad = (name: string, message: string) => new AppError("invalid_request", `scores.${name}: ${message}`);
  return Object.entries(scores).map(([name, v]) => {
    const c = byName.get(name);
    if (!c) throw bad(name, `not a score of this queue (${configs.map((x) => x.name).join(", ")})`);
    if (c.type === "numeric") {
      if (typeof v !== "number" || !Number.isFinite(v) || v < c.min || v > c.max) throw bad(name, `must be a number from ${c.min} to ${c.max}`);
      return { name, value: v, stringValue: null, dataType: "numeric" };
    }
    if (c.type === "boolean") {
      if (typeof v !== "boolean") throw bad(name, "must be true or false");
      return { name, value: v ? 1 : 0, stringValue: String(v), dataType: "boolean" };
    }
    const index = typeof v === "string" ? c.categories.indexOf(v) : -1;
    if (index < 0) throw bad(name, `must be one of ${c.categories.join(", ")}`);
    // The category's position is stored as the value, so categorical scores still chart and aggregate.
    return { name, value: index, stringValue: v as string, dataType: "categorical" };
  });
}
