import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { apiKeySubject, optionalResetInputSchema, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

const params = z.object({ userId: pathKey("end user") });

export const POST = route({ access: "apiKey", params, body: optionalResetInputSchema }, async ({ db, apiKey, params, body }) => {
  const out = await api.reset(db, apiKeySubject(apiKey, params.userId), body.from);
  return Response.json(out, { status: out.recomputation === "queued" ? 202 : 200 });
});
