/**
 * The one cross-instance invalidation bus of the in-process caches (ttl-cache.ts): Redis pub/sub when REDIS_URL is
 * set, so an invalidation on one server reaches every other; in-process otherwise, shared through globalThis so that
 * Next.js's separately bundled routes reach each other's caches. Messages published while Redis is unreachable are
 * lost: each cache's TTL is the bound on how long another instance can serve a stale entry.
 */
import { env } from "@/lib/env";
import { log } from "@/lib/log";

export interface InvalidationBus {
  readonly kind: "redis" | "memory";
  /** Resolves once messages on `channel` are delivered to `onMessage` (including this bus's own). */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<void>;
  publish(channel: string, message: string): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryBus(): InvalidationBus {
  const handlers = new Map<string, Set<(message: string) => void>>();
  return {
    kind: "memory",
    async subscribe(channel, onMessage) {
      if (!handlers.has(channel)) handlers.set(channel, new Set());
      handlers.get(channel)!.add(onMessage);
    },
    async publish(channel, message) {
      for (const handler of handlers.get(channel) ?? []) handler(message);
    },
    async close() {
      handlers.clear();
    },
  };
}

const CHANNEL_PREFIX = "prism:invalidate:";

export async function createRedisBus(url: string): Promise<InvalidationBus> {
  const { Redis } = await import("ioredis");
  const options = { maxRetriesPerRequest: 2, connectTimeout: 2_000 };
  const [subscriber, publisher] = [new Redis(url, options), new Redis(url, options)];
  const handlers = new Map<string, Set<(message: string) => void>>();
  subscriber.on("message", (channel: string, message: string) => {
    for (const handler of handlers.get(channel.slice(CHANNEL_PREFIX.length)) ?? []) handler(message);
  });
  // ioredis reconnects (and re-subscribes) by itself; messages published meanwhile are lost, the TTL is the bound.
  for (const client of [subscriber, publisher]) client.on("error", () => {});
  try {
    await publisher.ping();
  } catch (err) {
    subscriber.disconnect();
    publisher.disconnect();
    throw err;
  }
  return {
    kind: "redis",
    async subscribe(channel, onMessage) {
      if (!handlers.has(channel)) handlers.set(channel, new Set());
      handlers.get(channel)!.add(onMessage);
      await subscriber.subscribe(CHANNEL_PREFIX + channel);
    },
    async publish(channel, message) {
      await publisher.publish(CHANNEL_PREFIX + channel, message);
    },
    async close() {
      handlers.clear();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}

const globalForBus = globalThis as unknown as { __prismInvalidationBus?: Promise<InvalidationBus> };

/** The process's bus; an unreachable Redis degrades to in-process delivery (logged), never to a failed request. */
export function getInvalidationBus(): Promise<InvalidationBus> {
  if (!globalForBus.__prismInvalidationBus) {
    const url = env().REDIS_URL;
    globalForBus.__prismInvalidationBus = url
      ? createRedisBus(url).catch((err: unknown) => {
          log("cache").error({ error: String(err) }, "cache invalidations will not be broadcast (Redis unreachable)");
          return createMemoryBus();
        })
      : Promise.resolve(createMemoryBus());
  }
  return globalForBus.__prismInvalidationBus;
}
