import { route } from "@/lib/http/route";
import { browserSdkSettingsInputSchema } from "@/lib/browser-sdk/settings";
import { getBrowserSdkSettings, updateBrowserSdkSettings } from "@/lib/browser-sdk/store/settings";

/** The browser client's settings: `{ settings: { requireConsent, uiSampleRate, burstUntil, allowedOrigins, updatedAt } }`. */
export const GET = route({ access: { session: "project:manage" } }, async ({ db, principal }) =>
  Response.json({ settings: await getBrowserSdkSettings(db, principal.projectId) }),
);

/** Replaces them (audited): `{ requireConsent, uiSampleRate, burstMinutes, allowedOrigins }`; a bad origin is a 400 naming it. */
export const PUT = route({ access: { session: "project:manage" }, body: browserSdkSettingsInputSchema }, async ({ db, principal, body }) =>
  Response.json({ settings: await updateBrowserSdkSettings(db, principal, body, new Date()) }),
);
