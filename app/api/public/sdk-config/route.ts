import { route } from "@/lib/http/route";
import { catalogSampleRates, clientConfig } from "@/lib/browser-sdk/settings";
import { getCatalog } from "@/lib/catalog/store/catalogs";
import { getBrowserSdkSettings } from "@/lib/browser-sdk/store/settings";
import { preflight, PUBLIC_CORS_HEADERS } from "@/lib/browser-sdk/cors";

/** The rules /sdk/prism.js obeys for the project of `?key=<public key>`: `{ requireConsent, burst, sampling: { default, events } }`;
 * `events` holds the catalog's per-event sampling rates. */
export const GET = route(
  {
    access: "publicKey",
    rateLimit: { name: "browser-config", limit: 600, windowMs: 60_000, message: "Browser config rate limit exceeded." },
    headers: PUBLIC_CORS_HEADERS,
  },
  async ({ db, publicKey }) => {
    const [settings, { catalog }] = await Promise.all([getBrowserSdkSettings(db, publicKey.projectId), getCatalog(db, publicKey.projectId)]);
    return Response.json(clientConfig(settings, catalogSampleRates(catalog.events), new Date()));
  },
);

export const OPTIONS = preflight;
