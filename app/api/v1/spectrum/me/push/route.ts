import { route } from "@/lib/http/route";
import { memberSubject, pushSubscriptionInputSchema, pushUnsubscribeInputSchema, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

/** The member's weekly-summary push opt-in: status (and the server's VAPID public key), subscribe, unsubscribe. */
export const GET = route({ access: { session: "spectrum:self" } }, async ({ db, principal }) => Response.json(await api.pushStatus(db, memberSubject(principal))));

export const POST = route({ access: { session: "spectrum:self" }, body: pushSubscriptionInputSchema }, async ({ db, principal, body }) =>
  Response.json(await api.subscribePush(db, memberSubject(principal), body), { status: 201 }),
);

export const DELETE = route({ access: { session: "spectrum:self" }, body: pushUnsubscribeInputSchema }, async ({ db, principal, body }) =>
  Response.json(await api.unsubscribePush(db, memberSubject(principal), body.endpoint)),
);
