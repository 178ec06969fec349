import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { replayAudited, replayInputSchema } from "@/lib/personalization/dead-letter-replay";

/**
 * Replays dead letters now (`{}`: every failed one; `{ ids }`: those): back to pending with fresh attempts and retried
 * at once; `{ requeued, due, recovered, failed, expired }`. Audited. API key or an admin's session.
 */
export const POST = route({ access: { session: "personalization:train", apiKey: true }, body: replayInputSchema, maxBytes: 64_000 }, async ({ db, principal, apiKey, body }) =>
  Response.json(await replayAudited(db, actorOf({ principal, apiKey }), body)),
);
