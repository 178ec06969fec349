// The stored identity of observations (type, name, start, model) that a batch observation-update merges into.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { observations } from "@/db/schema";

/** Every stored observation of the given traces of a project, with the fields an update keeps. */
export async function observationHeads(db: Db, projectId: string, traceIds: string[]) {
  return db
    .select({ traceId: observations.traceId, id: observations.id, type: observations.type, name: observations.name, startTime: observations.startTime, model: observations.model })
    .from(observations)
    .where(and(eq(observations.projectId, projectId), inArray(observations.traceId, traceIds)));
}
