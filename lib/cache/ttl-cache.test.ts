// The shared TTL cache: expiry on an injected clock, the LRU bound, and invalidations reaching the other instances
// of a cache through the bus (in-process, and through real Redis pub/sub when TEST_REDIS_URL is set).
import { describe, expect, test, vi } from "vitest";
import { createMemoryBus, createRedisBus, type InvalidationBus } from "./invalidation-bus";
import { createTtlCache } from "./ttl-cache";

describe("createTtlCache", () => {
  test("an entry expires ttlMs after it was set", () => {
    let now = 1_000;
    const cache = createTtlCache<string>({ name: "t-expiry", ttlMs: 100, max: 10, bus: createMemoryBus(), now: () => now });
    cache.set("k", "v");
    now += 99;
    expect(cache.get("k")).toBe("v");
    now += 1;
    expect(cache.get("k")).toBeUndefined();
  });

  test("past max the least recently used entry goes", () => {
    const cache = createTtlCache<number>({ name: "t-max", ttlMs: 60_000, max: 2, bus: createMemoryBus() });
    cache.set("a", 1);
    cache.set("b", 2);
    cache.get("a");
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([1, undefined, 3]);
  });

  test("a value loaded across an invalidation is not cached (ifEpoch)", async () => {
    const cache = createTtlCache<string>({ name: "t-epoch", ttlMs: 60_000, max: 10, bus: createMemoryBus() });
    const epoch = cache.epoch();
    await cache.invalidate("k");
    cache.set("k", "stale", { ifEpoch: epoch });
    expect(cache.get("k")).toBeUndefined();
    cache.set("k", "fresh", { ifEpoch: cache.epoch() });
    expect(cache.get("k")).toBe("fresh");
  });
});

/** Two instances of one cache, as two servers (or two route bundles) hold them, each on its own bus handle. */
async function crossInstance(buses: [InvalidationBus, InvalidationBus]) {
  const [a, b] = buses.map((bus) => createTtlCache<string>({ name: "t-cross", ttlMs: 60_000, max: 100, bus }));
  await Promise.all([a.ready(), b.ready()]);
  for (const c of [a, b]) {
    c.set("key-1", "v1", { tags: ["project-1"] });
    c.set("key-2", "v2", { tags: ["project-1"] });
    c.set("key-3", "v3", { tags: ["project-2"] });
  }
  await a.invalidate("key-1");
  expect(a.get("key-1")).toBeUndefined();
  await vi.waitFor(() => expect(b.get("key-1")).toBeUndefined(), { timeout: 5_000, interval: 10 });
  expect(b.get("key-2")).toBe("v2");

  await b.invalidateTag("project-1");
  await vi.waitFor(() => expect(a.get("key-2")).toBeUndefined(), { timeout: 5_000, interval: 10 });
  expect(a.get("key-3")).toBe("v3");
  expect(b.get("key-3")).toBe("v3");
}

describe("invalidation across instances", () => {
  test("in-process: caches on one bus see each other's invalidations", async () => {
    const bus = createMemoryBus();
    await crossInstance([bus, bus]);
  });

  test("in-process: caches on separate buses (two servers without Redis) keep their entries until the TTL", async () => {
    const [a, b] = [createMemoryBus(), createMemoryBus()].map((bus) => createTtlCache<string>({ name: "t-apart", ttlMs: 60_000, max: 10, bus }));
    a.set("k", "v");
    b.set("k", "v");
    await a.invalidate("k");
    expect(a.get("k")).toBeUndefined();
    expect(b.get("k")).toBe("v");
  });

  test.runIf(process.env.TEST_REDIS_URL)("Redis: an invalidation on one bus instance reaches the other", async () => {
    const url = process.env.TEST_REDIS_URL!;
    const buses = await Promise.all([createRedisBus(url), createRedisBus(url)]);
    try {
      await crossInstance(buses);
    } finally {
      for (const bus of buses) await bus.close();
    }
  });
});
