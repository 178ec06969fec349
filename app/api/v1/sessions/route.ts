import { route } from "@/lib/http/route";
import { listSessions, sessionListQuerySchema } from "@/lib/traces/store/list-sessions";

/** `GET /api/v1/sessions?userId&cohort&cursor&limit`: trace sessions, most recent activity first (secret key or session). */
export const GET = route({ access: { session: "traces:read", apiKey: true }, query: sessionListQuerySchema }, async ({ db, projectId, query }) => {
  const page = await listSessions(db, projectId, query);
  return Response.json({ data: page.items, nextCursor: page.nextCursor });
});
