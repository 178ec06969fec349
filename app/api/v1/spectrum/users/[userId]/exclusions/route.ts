import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { apiKeySubject, exclusionInputSchema, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

const params = z.object({ userId: pathKey("end user") });

export const GET = route({ access: "apiKey", params }, async ({ db, apiKey, params }) => Response.json(await api.listExclusions(db, apiKeySubject(apiKey, params.userId))));

export const POST = route({ access: "apiKey", params, body: exclusionInputSchema }, async ({ db, apiKey, params, body }) =>
  Response.json(await api.addExclusion(db, apiKeySubject(apiKey, params.userId), body), { status: 202 }), // the recomputation is queued
);
