import { withApiKey } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { apiKeySubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const GET = withApiKey(async (_req, { db, apiKey, params }) => Response.json(await api.listExclusions(db, apiKeySubject(apiKey, params.userId))));

export const POST = withApiKey(async (req, { db, apiKey, params }) =>
  Response.json(await api.addExclusion(db, apiKeySubject(apiKey, params.userId), await readJson(req)), { status: 201 }),
);
