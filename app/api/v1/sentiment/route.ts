import { route } from "@/lib/http/route";
import { sentimentDashboard, sentimentDashboardQuerySchema } from "@/lib/sentiment/store/dashboard";

/** `GET /api/v1/sentiment?from&to&groupBy=model|promptVersion|name&rating&lowRating`: the sentiment dashboard's data (secret key or session). */
export const GET = route({ access: { session: "users:read", apiKey: true }, query: sentimentDashboardQuerySchema }, async ({ db, projectId, query }) =>
  Response.json(await sentimentDashboard(db, projectId, query)),
);
