import { route } from "@/lib/http/route";
import { sentimentDashboard, sentimentDashboardQuerySchema } from "@/lib/sentiment/store/dashboard";

/** `GET /api/v1/sentiment?from&to&groupBy=model|promptVersion|name&rating&lowRating`: the sentiment dashboard's data. */
export const GET = route({ access: { session: "users:read" }, query: sentimentDashboardQuerySchema }, async ({ db, principal, query }) =>
  Response.json(await sentimentDashboard(db, principal.projectId, query)),
);
