import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { apiKeySubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

const params = z.object({ userId: pathKey("end user") });

export const GET = route({ access: "apiKey", params }, async ({ db, apiKey, params }) => Response.json(await api.feed(db, apiKeySubject(apiKey, params.userId))));
