import { withSession } from "@/lib/http/route";
import { memberSubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const GET = withSession("spectrum:self", async (req, { db, principal }) => Response.json(await api.monthly(db, memberSubject(principal), req.nextUrl)));
