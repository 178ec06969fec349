import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { memberSubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const POST = withSession("spectrum:self", async (req, { db, principal }) => {
  const subject = memberSubject(principal);
  const out = await api.reset(db, subject, await readJson(req));
  await api.engaged(db, subject, "reset");
  return Response.json(out);
});
