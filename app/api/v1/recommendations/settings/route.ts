import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { getPersonalizationSettings } from "@/lib/personalization/store/settings";
import { describeSettings, personalizationSettingsInputSchema, updatePersonalizationSettings } from "@/lib/personalization/settings";

/** `{ ranking: { creatorCap?, recencyBoost?, recencyHalfLifeDays? }, personaFallback, personaFallbackSource, updatedAt }`. */
export const GET = route({ access: { session: "personalization:read", apiKey: true } }, async ({ db, projectId }) =>
  Response.json(describeSettings(await getPersonalizationSettings(db, projectId))),
);

/** `{ ranking?, personaFallback? (null: the shipped table) }`: replaces the parts given; audited. */
export const PUT = route({ access: { session: "personalization:train", apiKey: true }, body: personalizationSettingsInputSchema, maxBytes: 32_000 }, async ({ db, principal, apiKey, body }) =>
  Response.json(await updatePersonalizationSettings(db, actorOf({ principal, apiKey }), body)),
);
