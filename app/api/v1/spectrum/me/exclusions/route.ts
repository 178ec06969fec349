import { route } from "@/lib/http/route";
import { exclusionInputSchema, memberSubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const GET = route({ access: { session: "spectrum:self" } }, async ({ db, principal }) => Response.json(await api.listExclusions(db, memberSubject(principal))));

export const POST = route({ access: { session: "spectrum:self" }, body: exclusionInputSchema }, async ({ db, principal, body }) => {
  const subject = memberSubject(principal);
  const out = await api.addExclusion(db, subject, body);
  await api.engaged(db, subject, "exclusion_add");
  return Response.json(out, { status: 202 }); // the recomputation is queued
});
