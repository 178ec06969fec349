// The cohort analysis request: the named cohorts must all exist in the project; their outcome sums are compared.
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { compareCohorts, type CohortCompareInput } from "./compare";
import { listCohorts } from "./store/cohorts";
import { cohortOutcomeSums } from "./store/compare";

export async function analyseCohorts(db: Db, projectId: string, input: CohortCompareInput) {
  const known = new Map((await listCohorts(db, projectId)).map((c) => [c.id, c]));
  const missing = input.cohorts.findIndex((id) => !known.has(id));
  if (missing >= 0) throw new AppError("invalid_request", `cohorts.${missing}: no cohort ${input.cohorts[missing]} in this project`);
  const result = compareCohorts(input.cohorts, await cohortOutcomeSums(db, projectId, input));
  return {
    ...result,
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    cohorts: result.cohorts.map((c) => ({ ...c, name: known.get(c.cohortId)!.name, computedAt: known.get(c.cohortId)!.computedAt })),
  };
}
