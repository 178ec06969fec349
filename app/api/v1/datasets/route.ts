import { route } from "@/lib/http/route";
import { createDatasetSchema } from "@/lib/evaluation/dataset-input";
import { listDatasets, upsertDataset } from "@/lib/evaluation/store/datasets";

export const GET = route({ access: { session: "evaluation:read", apiKey: true } }, async ({ db, actor }) =>
  Response.json({ data: await listDatasets(db, actor.projectId) }),
);

/** Langfuse-compatible: creates a dataset (or updates the description of the one with that name). */
export const POST = route({ access: { session: "evaluation:write", apiKey: true }, body: createDatasetSchema, maxBytes: 10_000 }, async ({ db, actor, body }) =>
  Response.json(await upsertDataset(db, actor, body), { status: 201 }),
);
