// The stored identity of observations (type, name, start, model) that a batch observation-update merges into.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { observations } from "@/db/schema";
import { KEPT_TRACES, type TraceTables } from "./trace-tables";

/** Every stored observation of the given traces of a project (kept, or sampled-out summaries), with the fields an update keeps. */
export async function observationHeads(db: Db, projectId: string, traceIds: string[], target: TraceTables = KEPT_TRACES) {
  if (traceIds.length === 0) return [];
  // The summary table has the same columns under the same names for every field read here.
  const o = target.observations as typeof observations;
  return db
    .select({ traceId: o.traceId, id: o.id, type: o.type, name: o.name, startTime: o.startTime, model: o.model })
    .from(o)
    .where(and(eq(o.projectId, projectId), inArray(o.traceId, traceIds)));
}
