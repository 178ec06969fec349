import { route } from "@/lib/http/route";
import { listUsers, userListQuerySchema } from "@/lib/users/store/list-users";

/** End users of the project: `?search=&cohort=&sort=lastSeen|firstSeen|cost|traces&order=&limit=&cursor=` (secret key or session). */
export const GET = route({ access: { session: "users:read", apiKey: true }, query: userListQuerySchema }, async ({ db, projectId, query }) =>
  Response.json(await listUsers(db, projectId, query)),
);
