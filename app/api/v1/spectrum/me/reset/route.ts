import { route } from "@/lib/http/route";
import { memberSubject, optionalResetInputSchema, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const POST = route({ access: { session: "spectrum:self" }, body: optionalResetInputSchema }, async ({ db, principal, body }) => {
  const subject = memberSubject(principal);
  const out = await api.reset(db, subject, body.from);
  await api.engaged(db, subject, "reset");
  return Response.json(out, { status: out.recomputation === "queued" ? 202 : 200 });
});
