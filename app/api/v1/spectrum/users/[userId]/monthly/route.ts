import { withApiKey } from "@/lib/http/route";
import { apiKeySubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const GET = withApiKey(async (req, { db, apiKey, params }) => Response.json(await api.monthly(db, apiKeySubject(apiKey, params.userId), req.nextUrl)));
