import { route } from "@/lib/http/route";
import { usefulShareByWeek } from "@/lib/insights/suggestions/summary";

/** `GET /api/v1/insights/suggestions/summary`: per week, the verdicts given and the share useful (done counts as useful). */
export const GET = route({ access: { session: "insights:read", apiKey: true } }, async ({ db, projectId }) => Response.json(await usefulShareByWeek(db, projectId, new Date())));
