// A near cache in front of the Redis online store (Redis server-assisted client-side caching): the data connection
// runs `CLIENT TRACKING ON REDIRECT <id>`, so Redis remembers the keys it read and, when any client changes or
// expires one, publishes the key on `__redis__:invalidate` to a second connection of ours, which drops our copy.
// The redirect mode with a RESP2 subscriber, because ioredis discards RESP3 `invalidate` pushes. The cache serves
// only while both connections are up and tracking is on; any disconnect empties it (invalidations may have been lost).
import type { Redis } from "ioredis";
import { createNearCacheEntries, type NearCacheLimits, type Sized } from "./near-cache-entries";

const CHANNEL = "__redis__:invalidate";

export interface NearCache<V extends object> {
  /** Cached values (undefined where absent), or null while tracking is not on (then read everything from Redis). */
  lookup(keys: readonly string[]): (V | undefined)[] | null;
  /** Call before reading `keys` from Redis on the tracked connection; the function keeps what came back. */
  begin(keys: readonly string[]): (values: readonly (Sized<V> | null | undefined)[]) => void;
  /** Drops this process's copies of `keys` now (its own writes), before Redis's invalidation arrives. */
  invalidate(keys: readonly string[]): void;
  /** Resolves once every invalidation caused by writes acknowledged before this call has been applied. */
  settle(): Promise<void>;
  /** Resolves when tracking is on (false if it did not come on within `timeoutMs`). */
  armed(timeoutMs: number): Promise<boolean>;
  close(): void;
}

export async function createNearCache<V extends object>(url: string, data: Redis, o: NearCacheLimits): Promise<NearCache<V>> {
  const { Redis } = await import("ioredis");
  const subscriber = new Redis(url, { protocol: 2, autoResubscribe: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  subscriber.on("error", () => {});
  const entries = createNearCacheEntries<V>(o);
  let on = false;
  let epoch = 0;
  let subscriberId: string | null = null;
  let waiters: (() => void)[] = [];
  const off = () => {
    on = false;
    epoch++;
    entries.flush();
  };
  const enable = async () => {
    const at = epoch;
    if (subscriberId === null || data.status !== "ready" || subscriber.status !== "ready") return;
    await data.client("TRACKING", "ON", "REDIRECT", subscriberId);
    if (at !== epoch) return;
    on = true;
    waiters.forEach((w) => w());
    waiters = [];
  };
  subscriber.on("messageBuffer", (channel: Buffer | string, keys: (Buffer | string)[] | null) => {
    if (String(channel) !== CHANNEL) return;
    // A null list: Redis flushed the database or dropped its tracking table.
    if (Array.isArray(keys)) entries.invalidate(keys.map(String));
    else entries.flush();
  });
  subscriber.on("ready", () => {
    off();
    void (async () => {
      subscriberId = String(await subscriber.client("ID"));
      await subscriber.subscribe(CHANNEL);
      await enable();
    })().catch(() => {});
  });
  data.on("ready", () => void enable().catch(() => {}));
  for (const c of [subscriber, data]) c.on("close", off);
  return {
    lookup: (keys) => (on ? entries.lookup(keys) : null),
    begin: (keys) => (on ? entries.begin(keys) : () => {}),
    invalidate: (keys) => entries.invalidate(keys),
    settle: async () => void (await subscriber.ping()),
    armed: (timeoutMs) =>
      on
        ? Promise.resolve(true)
        : new Promise((resolve) => {
            const timer = setTimeout(() => resolve(false), timeoutMs);
            waiters.push(() => (clearTimeout(timer), resolve(true)));
          }),
    close: () => {
      off();
      subscriber.disconnect();
    },
  };
}
