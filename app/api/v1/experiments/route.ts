import { route } from "@/lib/http/route";
import { createExperiment, listExperiments } from "@/lib/experiments/store/experiments";
import { createExperimentSchema } from "@/lib/experiments/definition";

export const GET = route({ access: { session: "experiments:read" } }, async ({ db, principal }) =>
  Response.json({ experiments: await listExperiments(db, principal.projectId) }),
);

export const POST = route({ access: { session: "experiments:write" }, body: createExperimentSchema }, async ({ db, principal, body }) =>
  Response.json({ experiment: await createExperiment(db, principal, body) }, { status: 201 }),
);
