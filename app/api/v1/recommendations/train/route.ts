import { route } from "@/lib/http/route";
import { trainInputSchema, trainNow } from "@/lib/personalization/training";

/** Trains a model version now and returns its evaluation (`{}` or `{ factors?, iterations? }`; API key or an admin's session). */
export const POST = route(
  {
    access: { session: "personalization:train", apiKey: true },
    body: trainInputSchema,
    maxBytes: 1_000,
    rateLimit: { name: "personalization-train", limit: 20, windowMs: 60 * 60_000, message: "At most 20 training runs an hour" },
  },
  async ({ db, projectId, body }) => Response.json(await trainNow(db, projectId, body)),
);
