// Datasets, items and runs as the API takes them (Langfuse's shapes where it has the concept).
import { z } from "zod";
import { promptNameSchema } from "./prompt-input";
import { evaluatorListSchema } from "./evaluators/schema";

const json = z.unknown().refine((v) => v === undefined || JSON.stringify(v).length <= 200_000, "must be at most 200,000 characters of JSON");

export const datasetNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .regex(/^[\w.\-/ ]+$/, "may contain letters, digits, spaces and . _ - / only");

export const createDatasetSchema = z.object({ name: datasetNameSchema, description: z.string().max(2000).optional() });

export const datasetItemFields = z.object({
  input: json.refine((v) => v !== undefined && v !== null, "is required"),
  expectedOutput: json.optional(),
  metadata: z.record(z.string().max(200), z.unknown()).optional(),
});

export const createDatasetItemSchema = z.object({
  datasetName: datasetNameSchema,
  /** Optional with `sourceTraceId`: then the trace's first recorded input is used. */
  input: json.optional(),
  expectedOutput: json.optional(),
  metadata: z.record(z.string().max(200), z.unknown()).optional(),
  sourceTraceId: z.string().min(1).max(512).optional(),
}).refine((b) => (b.input !== undefined && b.input !== null) || b.sourceTraceId !== undefined, { message: "is required (or give sourceTraceId)", path: ["input"] });
export type CreateDatasetItemInput = z.infer<typeof createDatasetItemSchema>;

export const createRunSchema = z
  .object({
    name: z.string().trim().min(1, "must not be empty").max(200),
    description: z.string().max(2000).optional(),
    promptName: promptNameSchema.optional(),
    promptVersion: z.number().int().positive().optional(),
    outputs: z
      .array(
        z.object({
          itemId: z.uuid("must be a dataset item id"),
          output: json,
          latencyMs: z.number().nonnegative().optional(),
          costUsd: z.number().nonnegative().optional(),
        }),
      )
      .min(1)
      .max(20_000)
      .optional(),
    evaluators: evaluatorListSchema,
    /** A prompt run stops (and fails) once its provider cost passes this many USD. */
    maxCostUsd: z.number().positive().max(10_000).optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.outputs && !b.promptName) ctx.addIssue({ code: "custom", path: ["outputs"], message: "give outputs, or promptName to run a prompt" });
    if (b.promptVersion && !b.promptName) ctx.addIssue({ code: "custom", path: ["promptName"], message: "is required with promptVersion" });
    if (b.outputs) {
      const seen = new Set<string>();
      b.outputs.forEach((o, i) => {
        if (seen.has(o.itemId)) ctx.addIssue({ code: "custom", path: ["outputs", i, "itemId"], message: "appears twice" });
        seen.add(o.itemId);
      });
    }
  });
export type CreateRunInput = z.output<typeof createRunSchema>;
