import { route } from "@/lib/http/route";
import { memberSubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const GET = route({ access: { session: "spectrum:self" } }, async ({ db, principal }) => Response.json(await api.feed(db, memberSubject(principal))));
