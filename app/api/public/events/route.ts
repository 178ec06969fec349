import { route } from "@/lib/http/route";
import { AppError } from "@/lib/errors";
import { ingestBatch } from "@/lib/ingest/batch";
import { parseJsonBytes } from "@/lib/http/body";
import { browserEventsBodySchema, clientId, MAX_BROWSER_BODY_BYTES, toIngestItems } from "@/lib/browser-sdk/events";
import { getBrowserSdkSettings } from "@/lib/browser-sdk/store/settings";
import { originAllowed } from "@/lib/browser-sdk/settings";
import { preflight, PUBLIC_CORS_HEADERS } from "@/lib/browser-sdk/cors";

/**
 * Events from /sdk/prism.js: `?key=<public key>`, body `{ events: [{ id, name, timestamp, userId?, sessionId?,
 * properties? }], dropped? }` sent as text/plain (sendBeacon). Only events; each stored once by id; answers
 * `{ accepted, errors: [{ id, message }] }`. A page whose origin the project does not allow gets a 403.
 */
export const POST = route(
  {
    access: "publicKey",
    rawBody: true,
    maxBytes: MAX_BROWSER_BODY_BYTES,
    contentType: (type) => (type === null || /^(text\/plain|application\/json)\b/i.test(type) ? true : "Send the events as text/plain or application/json"),
    rateLimit: { name: "browser-events", limit: 1200, windowMs: 60_000, message: "Browser event rate limit exceeded." },
    headers: PUBLIC_CORS_HEADERS,
  },
  async ({ db, req, publicKey, bytes }) => {
    const settings = await getBrowserSdkSettings(db, publicKey.projectId);
    if (!originAllowed(settings, req.headers.get("origin"))) {
      throw new AppError("forbidden", `Origin ${req.headers.get("origin") ?? "(none)"} may not send events to this project`);
    }
    // Sent as text/plain (sendBeacon), so read here with the shared checks; a NUL fails only its event, as in ingest.
    const body = browserEventsBodySchema.parse(parseJsonBytes(bytes, { allowNul: true }));
    const result = await ingestBatch(db, publicKey.projectId, { batch: toIngestItems(body) });
    const errors = result.errors.map((e) => ({ id: clientId(e.id), message: e.message }));
    return Response.json({ accepted: result.successes.length, errors }, { status: errors.length > 0 ? 207 : 200 });
  },
);
export const OPTIONS = preflight;
