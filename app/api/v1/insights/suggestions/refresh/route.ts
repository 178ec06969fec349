import { route } from "@/lib/http/route";
import { requestSuggestions } from "@/lib/insights/jobs";

/** `POST /api/v1/insights/suggestions/refresh`: runs the suggestion rules for this project now (the insights-suggestions job). */
export const POST = route(
  { access: { session: "insights:write", apiKey: true }, rateLimit: { name: "insights-suggestions-refresh", limit: 10, windowMs: 60_000, message: "At most 10 suggestion refreshes a minute" } },
  async ({ db, projectId, principal }) => {
    await requestSuggestions(db, projectId, new Date(), principal?.email ?? "api-key");
    return Response.json({ requested: true }, { status: 202 });
  },
);
