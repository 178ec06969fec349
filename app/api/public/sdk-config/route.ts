import { route } from "@/lib/http/route";
import { clientConfig } from "@/lib/browser-sdk/settings";
import { getBrowserSdkSettings } from "@/lib/browser-sdk/store/settings";
import { preflight, PUBLIC_CORS_HEADERS } from "@/lib/browser-sdk/cors";

/** The rules /sdk/prism.js obeys for the project of `?key=<public key>`: `{ requireConsent, burst, sampling: { default, events } }`. */
export const GET = route(
  {
    access: "publicKey",
    rateLimit: { name: "browser-config", limit: 600, windowMs: 60_000, message: "Browser config rate limit exceeded." },
    headers: PUBLIC_CORS_HEADERS,
  },
  async ({ db, publicKey }) => {
    const settings = await getBrowserSdkSettings(db, publicKey.projectId);
    return Response.json(clientConfig(settings, {}, new Date()));
  },
);

export const OPTIONS = preflight;
