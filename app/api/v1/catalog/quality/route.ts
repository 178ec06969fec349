import { z } from "zod";
import { route } from "@/lib/http/route";
import { QUALITY_MAX_DAYS, qualityReport } from "@/lib/catalog/quality";

const query = z.object({ days: z.coerce.number().int().min(1).max(QUALITY_MAX_DAYS).default(30) });

/** `GET /api/v1/catalog/quality?days=30`: per event volume, violations (last messages), unknown names, alerts, daily volume. */
export const GET = route({ access: { session: "catalog:read", apiKey: true }, query }, async ({ db, projectId, query }) =>
  Response.json(await qualityReport(db, projectId, query.days)),
);
