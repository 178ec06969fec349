import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathId, pathKey } from "@/lib/http/params";
import { AppError } from "@/lib/errors";
import { requireDataset } from "@/lib/evaluation/store/datasets";
import { findRun } from "@/lib/evaluation/store/runs";
import { judgeCalibration } from "@/lib/evaluation/store/calibration";

const params = z.object({ name: pathKey("dataset"), id: pathId("run") });
const query = z.object({
  evaluator: z.string().min(1).max(100),
  humanScore: z.string().min(1).max(200),
  threshold: z.coerce.number().min(0).max(1).default(0.5),
});

/** Agreement, Cohen's kappa and the confusion matrix of a run's evaluator against human scores of the source traces. */
export const GET = route({ access: { session: "evaluation:read", apiKey: true }, params, query }, async ({ db, principal, apiKey, params, query }) => {
  const dataset = await requireDataset(db, actorOf({ principal, apiKey }).projectId, params.name);
  const run = await findRun(db, actorOf({ principal, apiKey }).projectId, params.id);
  if (!run || run.datasetId !== dataset.id) throw new AppError("not_found", `No run ${params.id}`);
  return Response.json(await judgeCalibration(db, actorOf({ principal, apiKey }).projectId, run.id, query.evaluator, query.humanScore, query.threshold));
});
