import { withSession } from "@/lib/http/route";
import { memberSubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const DELETE = withSession("spectrum:self", async (_req, { db, principal, params }) =>
  Response.json(await api.removeExclusion(db, memberSubject(principal), params.exclusionId)),
);
