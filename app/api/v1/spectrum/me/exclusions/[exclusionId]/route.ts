import { withSession } from "@/lib/http/route";
import { memberSubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const DELETE = withSession("spectrum:self", async (_req, { db, principal, params }) => {
  const subject = memberSubject(principal);
  const out = await api.removeExclusion(db, subject, params.exclusionId);
  await api.engaged(db, subject, "exclusion_remove");
  return Response.json(out);
});
