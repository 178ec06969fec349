import { route } from "@/lib/http/route";
import { listUsers, userListQuerySchema } from "@/lib/users/store/list-users";
import { timeRangeOf } from "@/lib/time-range/query";

/**
 * End users of the project, all of them or those seen in a time range (`?range=24h|7d|30d|90d | from=&to=`, as the
 * Users page passes its range): `&search=&cohort=&sort=lastSeen|firstSeen|cost|traces&order=&limit=&cursor=` (secret
 * key or session). A directory API: without a range it lists every user, like PostHog's persons list.
 */
export const GET = route({ access: { session: "users:read", apiKey: true }, query: userListQuerySchema }, async ({ db, projectId, query }) =>
  Response.json(await listUsers(db, projectId, query, query.range || query.from || query.to ? timeRangeOf(query) : undefined)),
);
