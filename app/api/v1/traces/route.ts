import { withApiKey } from "@/lib/http/route";
import { AppError } from "@/lib/http/errors";
import { InvalidCursorError, listTraces, traceListQuerySchema } from "@/lib/traces/store/list-traces";

/** `GET /api/v1/traces?from&to&name&userId&sessionId&model&environment&level&tag&minLatencyMs&minCost&sort&order&cursor&limit` */
export const GET = withApiKey(async (req, { db, apiKey }) => {
  const query = traceListQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  try {
    const page = await listTraces(db, apiKey.projectId, query);
    return Response.json({ data: page.items, nextCursor: page.nextCursor });
  } catch (err) {
    if (err instanceof InvalidCursorError) throw new AppError("invalid_request", err.message);
    throw err;
  }
});
