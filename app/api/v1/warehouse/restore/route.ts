import { route } from "@/lib/http/route";
import { restoreBodySchema, restoreNow } from "@/lib/warehouse/restore-now";

/**
 * `POST /api/v1/warehouse/restore` `{ from, to }` (secret key or admin): reloads the cold tier's raw rows (traces,
 * observations, scores, Spectrum turns) of those UTC days into the hot tables; a second call inserts nothing.
 */
export const POST = route({ access: { session: "project:manage", apiKey: true }, body: restoreBodySchema }, async ({ db, projectId, body }) =>
  Response.json({ restore: await restoreNow(db, projectId, body) }),
);
