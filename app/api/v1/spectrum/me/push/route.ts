import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { memberSubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

/** The member's weekly-summary push opt-in: status (and the server's VAPID public key), subscribe, unsubscribe. */
export const GET = withSession("spectrum:self", async (_req, { db, principal }) => Response.json(await api.pushStatus(db, memberSubject(principal))));

export const POST = withSession("spectrum:self", async (req, { db, principal }) =>
  Response.json(await api.subscribePush(db, memberSubject(principal), await readJson(req)), { status: 201 }),
);

export const DELETE = withSession("spectrum:self", async (req, { db, principal }) =>
  Response.json(await api.unsubscribePush(db, memberSubject(principal), await readJson(req))),
);
