import { route } from "@/lib/http/route";
import { listUsers, userListQuerySchema } from "@/lib/users/store/list-users";
import { timeRangeOf } from "@/lib/time-range/query";

/**
 * End users of the project seen in the time range (`?range=24h|7d|30d|90d | from=&to=`, default the last 7 days, as
 * on the Users page): `&search=&cohort=&sort=lastSeen|firstSeen|cost|traces&order=&limit=&cursor=` (secret key or session).
 */
export const GET = route({ access: { session: "users:read", apiKey: true }, query: userListQuerySchema }, async ({ db, projectId, query }) =>
  Response.json(await listUsers(db, projectId, query, timeRangeOf(query))),
);
