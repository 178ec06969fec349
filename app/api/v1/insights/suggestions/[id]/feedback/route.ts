import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { actorOf } from "@/lib/auth/actor";
import { giveSuggestionFeedback } from "@/lib/insights/store/suggestions";
import { VERDICTS } from "@/lib/insights/suggestions/reconcile";

const params = z.object({ id: pathId("suggestion") });
const body = z.strictObject({ verdict: z.enum(VERDICTS) });

/** `POST /api/v1/insights/suggestions/{id}/feedback { verdict: "useful" | "not_useful" | "done" }` (audited). */
export const POST = route({ access: { session: "insights:write", apiKey: true }, params, body, maxBytes: 1_000 }, async ({ db, principal, apiKey, params, body }) =>
  Response.json({ suggestion: await giveSuggestionFeedback(db, actorOf({ principal, apiKey }), params.id, body.verdict, new Date()) }),
);
