import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { AppError } from "@/lib/errors";
import { getSession } from "@/lib/traces/store/get-session";

const params = z.object({ sessionId: pathKey("session") });

/** `GET /api/v1/sessions/{sessionId}`: the session's totals and its traces in time order as turns (secret key or session). */
export const GET = route({ access: { session: "traces:read", apiKey: true }, params }, async ({ db, projectId, params }) => {
  const session = await getSession(db, projectId, params.sessionId);
  if (!session) throw new AppError("not_found", `No session ${params.sessionId}`);
  return Response.json(session);
});
