import { withSession } from "@/lib/http/route";
import { memberSubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const GET = withSession("spectrum:self", async (_req, { db, principal }) => Response.json(await api.feed(db, memberSubject(principal))));
