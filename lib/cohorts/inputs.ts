// Request shapes of the cohort endpoints (validated by lib/http/route before a handler runs).
import { z } from "zod";
import { cohortDefinitionSchema } from "./definition";

const cohortName = z.string().trim().min(1).max(200);

export const cohortInputSchema = z.strictObject({ name: cohortName, definition: cohortDefinitionSchema });
export const cohortPatchSchema = z
  .strictObject({ name: cohortName.optional(), definition: cohortDefinitionSchema.optional() })
  .refine((p) => p.name !== undefined || p.definition !== undefined, "send name, definition or both");
export const cohortMembersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(1000).optional(),
});
/** Static cohorts can be large (uploaded lists). */
export const COHORT_BODY_MAX_BYTES = 4_000_000;
