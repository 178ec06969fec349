import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { ASSIGN_RATE_LIMIT, assignAndExpose, assignRequestSchema } from "@/lib/experiments/expose";

const params = z.object({ key: pathKey("experiment") });

/** `{ userId, attributes? }` → the user's variant and its parameters; logs the first exposure (running experiments only). */
export const POST = route(
  {
    access: "apiKey",
    params,
    body: assignRequestSchema,
    maxBytes: 64_000,
    rateLimit: { name: "assign", ...ASSIGN_RATE_LIMIT, message: "Assignment rate limit exceeded." },
  },
  async ({ db, apiKey, params, body }) => Response.json(await assignAndExpose(db, apiKey.projectId, params.key, body)),
);
