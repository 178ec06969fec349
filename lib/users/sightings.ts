// "userId on events, traces, sessions and exposures creates the user on first sight": the earliest and latest time
// each user id appears in a batch, so one upsert per batch keeps end_users' first/last seen current.

export type Sightings = Map<string, { first: Date; last: Date }>;

/** Adds one appearance of `userId` at `at`. */
export function addSighting(seen: Sightings, userId: string | null | undefined, at: Date) {
  if (!userId) return;
  const s = seen.get(userId);
  if (!s) seen.set(userId, { first: at, last: at });
  else {
    if (at < s.first) s.first = at;
    if (at > s.last) s.last = at;
  }
}

/** The user ids of accepted batch items: a body's `userId`, at its own time when it carries one. */
export function sightingsOfItems(items: { timestamp: Date; body: unknown }[]): Sightings {
  const seen: Sightings = new Map();
  for (const { timestamp, body } of items) {
    const b = body as { userId?: unknown; timestamp?: unknown; startedAt?: unknown };
    if (typeof b?.userId !== "string") continue;
    const own = b.timestamp instanceof Date ? b.timestamp : b.startedAt instanceof Date ? b.startedAt : timestamp;
    addSighting(seen, b.userId, own);
  }
  return seen;
}
