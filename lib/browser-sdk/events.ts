// The body /sdk/prism.js posts, checked and turned into batch-ingest event items (the only kind a public key writes).
import { z } from "zod";

export const MAX_BROWSER_EVENTS = 100;
export const MAX_BROWSER_BODY_BYTES = 64_000; // sendBeacon's own limit is about 64 KB

const browserEvent = z.object({
  id: z.string().min(1, "is required").max(200),
  name: z.string().min(1, "is required").max(200),
  timestamp: z.string().max(40),
  userId: z.string().max(200).optional(),
  sessionId: z.string().max(200).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

export const browserEventsBodySchema = z.object({
  events: z.array(browserEvent).min(1, "must contain at least one event").max(MAX_BROWSER_EVENTS, `must have at most ${MAX_BROWSER_EVENTS} events`),
  /** Events the client dropped from its full queue since its last delivered batch. */
  dropped: z.number().int().min(0).optional(),
});
export type BrowserEventsBody = z.output<typeof browserEventsBodySchema>;

/** Batch items of type "event"; ids are prefixed so a browser event can never replace a server item of another kind. */
export function toIngestItems(body: BrowserEventsBody) {
  return body.events.map((e) => ({
    id: `web:${e.id}`,
    type: "event" as const,
    timestamp: e.timestamp,
    body: { name: e.name, userId: e.userId, sessionId: e.sessionId, timestamp: e.timestamp, properties: { ...e.properties, $source: "browser" } },
  }));
}

/** The item ids of a batch reply, back in the client's own ids. */
export const clientId = (id: string | null) => (id && id.startsWith("web:") ? id.slice(4) : id);
