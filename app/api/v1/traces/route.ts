import { route } from "@/lib/http/route";
import { listTraces, traceListQuerySchema } from "@/lib/traces/store/list-traces";

/** `GET /api/v1/traces?from&to&name&userId&sessionId&model&environment&level&tag&minLatencyMs&minCost&sentiment&cohort&sort&order&cursor&limit` */
export const GET = route({ access: "apiKey", query: traceListQuerySchema }, async ({ db, apiKey, query }) => {
  const page = await listTraces(db, apiKey.projectId, query);
  return Response.json({ data: page.items, nextCursor: page.nextCursor });
});
