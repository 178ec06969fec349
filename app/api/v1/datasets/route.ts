import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { createDatasetSchema } from "@/lib/evaluation/dataset-input";
import { listDatasets, upsertDataset } from "@/lib/evaluation/store/datasets";

export const GET = route({ access: { session: "evaluation:read", apiKey: true } }, async ({ db, principal, apiKey }) =>
  Response.json({ data: await listDatasets(db, actorOf({ principal, apiKey }).projectId) }),
);

/** Langfuse-compatible: creates a dataset (or updates the description of the one with that name). */
export const POST = route({ access: { session: "evaluation:write", apiKey: true }, body: createDatasetSchema, maxBytes: 10_000 }, async ({ db, principal, apiKey, body }) =>
  Response.json(await upsertDataset(db, actorOf({ principal, apiKey }), body), { status: 201 }),
);
