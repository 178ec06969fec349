// An analyst's score from the dashboard: checks that the trace (and observation) exist in the project.

import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { observations, traces } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { insertScores, scoreRow, type ScoreInput } from "./scores";

export async function addHumanScore(db: Db, projectId: string, authorUserId: string, input: ScoreInput) {
  const [trace] = await db.select({ id: traces.id }).from(traces).where(and(eq(traces.projectId, projectId), eq(traces.id, input.traceId)));
  if (!trace) throw new AppError("not_found", `No trace ${input.traceId}`);
  if (input.observationId) {
    const [obs] = await db
      .select({ id: observations.id })
      .from(observations)
      .where(and(eq(observations.projectId, projectId), eq(observations.traceId, input.traceId), eq(observations.id, input.observationId)));
    if (!obs) throw new AppError("not_found", `No observation ${input.observationId} in trace ${input.traceId}`);
  }
  const row = scoreRow(projectId, randomUUID(), input, { source: "human", authorUserId, timestamp: new Date() });
  await insertScores(db, [row]);
  return row;
}
