// Erasure's part in cohorts: membership rows go with the generic user-column sweep, but an uploaded (static) list
// would bring the user back at the next refresh, so the id is taken out of every static list too.
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cohorts } from "@/db/schema";
import { withoutUser, type CohortDefinition } from "../definition";

export async function forgetUserInCohortDefinitions(tx: Db, projectId: string, userId: string): Promise<number> {
  const rows = await tx.select({ id: cohorts.id, definition: cohorts.definition }).from(cohorts).where(eq(cohorts.projectId, projectId));
  let changed = 0;
  for (const row of rows) {
    const next = withoutUser(row.definition as CohortDefinition, userId);
    if (!next) continue;
    await tx.update(cohorts).set({ definition: next, updatedAt: new Date() }).where(and(eq(cohorts.projectId, projectId), eq(cohorts.id, row.id)));
    changed += 1;
  }
  return changed;
}
