import { route } from "@/lib/http/route";
import { currentTopics } from "@/lib/insights/topics/topics";

/** `GET /api/v1/insights/topics`: the latest daily clustering of conversations by first user message (`run` null before the first). */
export const GET = route({ access: { session: "insights:read", apiKey: true } }, async ({ db, projectId }) => Response.json(await currentTopics(db, projectId)));
