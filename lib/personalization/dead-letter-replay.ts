// The dead-letter API's inputs, and a replay requested by an admin or a key (audited).
import { z } from "zod";
import type { Db } from "@/db/client";
import { auditByActor, type ProjectActor } from "@/lib/auth/actor";
import { replayDeadLetters } from "./store/dead-letters";

export const deadLetterListQuerySchema = z.object({
  status: z.enum(["pending", "recovered", "failed"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `{}` replays every failed row; `{ ids }` those rows (pending or failed). */
export const replayInputSchema = z.object({ ids: z.array(z.string().min(1).max(200)).min(1).max(1000).optional() }).strict();

export async function replayAudited(db: Db, actor: ProjectActor, input: z.output<typeof replayInputSchema>, now = new Date()) {
  const outcome = await replayDeadLetters(db, actor.projectId, input.ids ?? null, now);
  await auditByActor(db, actor, {
    action: "personalization.dead_letters_replayed",
    targetType: "dead_letter",
    targetId: input.ids ? `${input.ids.length} ids` : "all failed",
    details: { requeued: outcome.requeued, recovered: outcome.recovered },
  });
  return outcome;
}
