import { withApiKey } from "@/lib/http/route";
import { apiKeySubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const GET = withApiKey(async (_req, { db, apiKey, params }) => Response.json(await api.overview(db, apiKeySubject(apiKey, params.userId))));
