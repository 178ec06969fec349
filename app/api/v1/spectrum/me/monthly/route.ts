import { route } from "@/lib/http/route";
import { memberSubject, monthQuerySchema, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const GET = route({ access: { session: "spectrum:self" }, query: monthQuerySchema }, async ({ db, principal, query }) =>
  Response.json(await api.monthly(db, memberSubject(principal), query.month)),
);
