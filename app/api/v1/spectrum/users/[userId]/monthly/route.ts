import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { apiKeySubject, monthQuerySchema, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

const params = z.object({ userId: pathKey("end user") });

export const GET = route({ access: "apiKey", params, query: monthQuerySchema }, async ({ db, apiKey, params, query }) =>
  Response.json(await api.monthly(db, apiKeySubject(apiKey, params.userId), query.month)),
);
