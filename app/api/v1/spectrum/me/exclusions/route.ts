import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { memberSubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const GET = withSession("spectrum:self", async (_req, { db, principal }) => Response.json(await api.listExclusions(db, memberSubject(principal))));

export const POST = withSession("spectrum:self", async (req, { db, principal }) => {
  const subject = memberSubject(principal);
  const out = await api.addExclusion(db, subject, await readJson(req));
  await api.engaged(db, subject, "exclusion_add");
  return Response.json(out, { status: 201 });
});
