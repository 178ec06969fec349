// Model price entries. Prices are USD per token (not per million) so cost is
// a single multiplication; the data file writes them per million for review.

import { z } from "zod";
import { safePatternProblem } from "@/lib/patterns/safe-pattern";

export interface ModelPrice {
  /** Stable id, e.g. "openai/gpt-4o". Several entries may share an id over time. */
  id: string;
  provider?: string;
  /** Anchored (^…$), matched case-insensitively against the span's model, in RE2 syntax (lib/patterns/safe-pattern). */
  modelPattern: string;
  inputPerToken: number;
  outputPerToken: number;
  /** Falls back to inputPerToken when absent. */
  cacheReadPerToken?: number;
  /** Falls back to inputPerToken when absent. */
  cacheWritePerToken?: number;
  /**
   * Provider semantics of the reported input count: OpenAI and Google count
   * cached tokens inside input_tokens; Anthropic reports them separately.
   */
  inputIncludesCache: boolean;
  /** ISO date (or date-time) from which this price applies. */
  effectiveFrom: string;
}

const perToken = z.number().finite().nonnegative();

/** Validates project price overrides coming from the UI/API. */
export const modelPriceSchema = z.object({
  id: z.string().min(1).max(200),
  provider: z.string().min(1).max(100).optional(),
  modelPattern: z
    .string()
    .min(2)
    .max(500)
    .refine((p) => p.startsWith("^") && p.endsWith("$"), "modelPattern must be anchored with ^ and $")
    .superRefine((p, ctx) => {
      const problem = safePatternProblem(p, "i");
      if (problem) ctx.addIssue({ code: "custom", message: `modelPattern ${JSON.stringify(p)} is refused: ${problem}` });
    }),
  inputPerToken: perToken,
  outputPerToken: perToken,
  cacheReadPerToken: perToken.optional(),
  cacheWritePerToken: perToken.optional(),
  inputIncludesCache: z.boolean(),
  effectiveFrom: z.string().refine((d) => !Number.isNaN(Date.parse(d)), "effectiveFrom must be an ISO date"),
});

export const modelPriceListSchema = z.array(modelPriceSchema).max(1000);

/** Per-million helper used by the data file and by tests. */
export function perMillion(usd: number): number {
  return usd / 1_000_000;
}
