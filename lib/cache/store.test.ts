// Rate limiting on both cache stores: refusals carry Retry-After, and windows reset when they pass.
import { describe, expect, test } from "vitest";
import { createMemoryStore, createRedisStore, type CacheStore } from "./store";
import { enforceRateLimit } from "./rate-limit";
import { AppError } from "@/lib/errors";

async function stores(): Promise<CacheStore[]> {
  const list = [createMemoryStore()];
  if (process.env.TEST_REDIS_URL) list.push(await createRedisStore(process.env.TEST_REDIS_URL));
  return list;
}

describe("rate limiting", () => {
  test("the call past the limit is refused with Retry-After, other keys are unaffected", async () => {
    for (const store of await stores()) {
      const key = `test-${Math.random()}`;
      for (let i = 0; i < 3; i++) await enforceRateLimit(store, key, { limit: 3, windowMs: 60_000 }, "Slow down.");
      const err = await enforceRateLimit(store, key, { limit: 3, windowMs: 60_000 }, "Slow down.").catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe("rate_limited");
      expect(Number(err.headers["Retry-After"])).toBeGreaterThan(0);
      await expect(enforceRateLimit(store, `${key}-other`, { limit: 3, windowMs: 60_000 }, "x")).resolves.toBeUndefined();
    }
  });

  test("a window that has passed starts counting again (on an injected clock: no sleeping, no race with a busy machine)", async () => {
    let clock = 1_000_000;
    const store = createMemoryStore(100, () => clock);
    const limit = { limit: 1, windowMs: 20_000 };
    await enforceRateLimit(store, "k", limit, "x");
    clock += 19_999;
    const err = await enforceRateLimit(store, "k", limit, "x").catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.headers["Retry-After"]).toBe("1"); // 1 ms left rounds up to one second
    clock += 1;
    await expect(enforceRateLimit(store, "k", limit, "x")).resolves.toBeUndefined();
    await expect(enforceRateLimit(store, "k", limit, "x")).rejects.toThrow(/Try again in 20 s/);
  });
});
