import { route } from "@/lib/http/route";
import { deadLetterListQuerySchema } from "@/lib/personalization/dead-letter-replay";
import { deadLetterCounts, listDeadLetters } from "@/lib/personalization/store/dead-letters";

/** Feedback dead letters, newest first (`?status=pending|recovered|failed&limit=`), with the counts per status. */
export const GET = route({ access: { session: "personalization:read", apiKey: true }, query: deadLetterListQuerySchema }, async ({ db, projectId, query }) =>
  Response.json({ data: await listDeadLetters(db, projectId, query), counts: await deadLetterCounts(db, projectId) }),
);
