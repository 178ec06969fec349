import { route } from "@/lib/http/route";
import { exportNow, exportNowQuerySchema } from "@/lib/warehouse/export-now";

/**
 * `POST /api/v1/warehouse/export[?force=true]` (secret key or admin): writes the project's events of every whole UTC
 * day before today to the warm tier (Parquet) and answers with the days written once they are.
 */
export const POST = route({ access: { session: "project:manage", apiKey: true }, query: exportNowQuerySchema }, async ({ db, projectId, query }) =>
  Response.json({ export: await exportNow(db, projectId, { force: query.force }) }),
);
