import { withApiKey } from "@/lib/http/route";
import { apiKeySubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const DELETE = withApiKey(async (_req, { db, apiKey, params }) =>
  Response.json(await api.removeExclusion(db, apiKeySubject(apiKey, params.userId), params.exclusionId)),
);
