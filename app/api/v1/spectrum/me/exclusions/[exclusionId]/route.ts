import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { memberSubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

const params = z.object({ exclusionId: pathId("exclusion") });

export const DELETE = route({ access: { session: "spectrum:self" }, params }, async ({ db, principal, params }) => {
  const subject = memberSubject(principal);
  const out = await api.removeExclusion(db, subject, params.exclusionId);
  await api.engaged(db, subject, "exclusion_remove");
  return Response.json(out, { status: out.recomputation === "queued" ? 202 : 200 });
});
