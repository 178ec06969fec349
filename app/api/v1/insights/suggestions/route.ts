import { z } from "zod";
import { route } from "@/lib/http/route";
import { listSuggestions } from "@/lib/insights/store/suggestions";
import { SUGGESTION_STATUSES } from "@/lib/insights/suggestions/reconcile";

const query = z.object({ status: z.enum(["current", "all", ...SUGGESTION_STATUSES]).default("current") });

/** `GET /api/v1/insights/suggestions?status=current|all|open|useful|not_useful|done`: insight suggestions, most severe first. */
export const GET = route({ access: { session: "insights:read", apiKey: true }, query }, async ({ db, projectId, query }) =>
  Response.json({ data: await listSuggestions(db, projectId, query.status) }),
);
