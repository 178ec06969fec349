import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { AppError } from "@/lib/errors";
import { getTrace } from "@/lib/traces/store/get-trace";

const params = z.object({ traceId: pathKey("trace") });

/** `GET /api/v1/traces/{traceId}`: the trace with all its observations and scores. */
export const GET = route({ access: "apiKey", params }, async ({ db, apiKey, params }) => {
  const trace = await getTrace(db, apiKey.projectId, params.traceId);
  if (!trace) throw new AppError("not_found", `No trace ${params.traceId}`);
  return Response.json(trace);
});
