import { route } from "@/lib/http/route";
import { listSessions, sessionApiQuerySchema } from "@/lib/traces/store/list-sessions";
import { timeRangeOf } from "@/lib/time-range/query";

/**
 * `GET /api/v1/sessions?range=24h|7d|30d|90d | from=&to=` (default the last 7 days, as on the Sessions page: the
 * sessions with traces in the window, counted over those traces) `&userId&cohort&cursor&limit`: trace sessions, most
 * recent activity first (secret key or session).
 */
export const GET = route({ access: { session: "traces:read", apiKey: true }, query: sessionApiQuerySchema }, async ({ db, projectId, query }) => {
  const { from, to } = timeRangeOf(query);
  const page = await listSessions(db, projectId, { ...query, from, to });
  return Response.json({ data: page.items, nextCursor: page.nextCursor });
});
