import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathKey } from "@/lib/http/params";
import { createRunSchema } from "@/lib/evaluation/dataset-input";
import { listRuns, requireDataset } from "@/lib/evaluation/store/datasets";
import { createRun } from "@/lib/evaluation/store/runs";

const params = z.object({ name: pathKey("dataset") });

export const GET = route({ access: { session: "evaluation:read", apiKey: true }, params }, async ({ db, principal, apiKey, params }) => {
  const dataset = await requireDataset(db, actorOf({ principal, apiKey }).projectId, params.name);
  return Response.json({ data: await listRuns(db, dataset.id) });
});

/**
 * A run over the dataset's current version: `outputs` from the client are scored at once (201, completed), recorded
 * as the named prompt version's when `promptName` is given; with `promptName` (and `promptVersion`, default the
 * production label) and no outputs, a job executes the prompt (202, poll the run).
 */
export const POST = route(
  { access: { session: "evaluation:write", apiKey: true }, params, body: createRunSchema, maxBytes: 20_000_000, rateLimit: { name: "dataset-runs", limit: 60, windowMs: 60_000, message: "At most 60 dataset runs a minute" } },
  async ({ db, principal, apiKey, params, body }) => {
    const run = await createRun(db, actorOf({ principal, apiKey }), params.name, body);
    return Response.json(run, { status: run.status === "completed" ? 201 : 202 });
  },
);
