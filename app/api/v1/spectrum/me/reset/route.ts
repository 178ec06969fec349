import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { memberSubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

export const POST = withSession("spectrum:self", async (req, { db, principal }) => Response.json(await api.reset(db, memberSubject(principal), await readJson(req))));
