import { withApiKey } from "@/lib/http/route";
import { AppError } from "@/lib/http/errors";
import { getTrace } from "@/lib/traces/store/get-trace";

/** `GET /api/v1/traces/{traceId}`: the trace with all its observations and scores. */
export const GET = withApiKey(async (_req, { db, apiKey, params }) => {
  const traceId = typeof params.traceId === "string" ? params.traceId : "";
  const trace = await getTrace(db, apiKey.projectId, traceId);
  if (!trace) throw new AppError("not_found", `No trace ${traceId}`);
  return Response.json(trace);
});
