import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId, pathKey } from "@/lib/http/params";
import { apiKeySubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

const params = z.object({ userId: pathKey("end user"), exclusionId: pathId("exclusion") });

export const DELETE = route({ access: "apiKey", params }, async ({ db, apiKey, params }) => {
  const out = await api.removeExclusion(db, apiKeySubject(apiKey, params.userId), params.exclusionId);
  return Response.json(out, { status: out.recomputation === "queued" ? 202 : 200 });
});
