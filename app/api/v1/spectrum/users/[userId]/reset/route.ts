import { withApiKey } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { apiKeySubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const POST = withApiKey(async (req, { db, apiKey, params }) => Response.json(await api.reset(db, apiKeySubject(apiKey, params.userId), await readJson(req))));
