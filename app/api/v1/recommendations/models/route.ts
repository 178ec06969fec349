import { route } from "@/lib/http/route";
import { listModelVersions } from "@/lib/personalization/store/models";
import { deadLetterCounts } from "@/lib/personalization/store/dead-letters";

/** Model versions, newest first, with manifest and evaluation (no factors), and the feedback dead letters per status. */
export const GET = route({ access: { session: "personalization:read", apiKey: true } }, async ({ db, projectId }) =>
  Response.json({ data: await listModelVersions(db, projectId), deadLetters: await deadLetterCounts(db, projectId) }),
);
