import { AppError } from "@/lib/errors";
import type { CacheStore } from "./store";

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Fixed-window limiter; throws a 429 AppError with Retry-After once `limit` hits land in one window. */
export async function enforceRateLimit(store: CacheStore, key: string, { limit, windowMs }: RateLimit, message: string) {
  const { count, resetMs } = await store.hit(`rl:${key}`, windowMs);
  if (count > limit) {
    const retryAfter = Math.max(1, Math.ceil(resetMs / 1000));
    throw new AppError("rate_limited", `${message} Try again in ${retryAfter} s.`, { retryAfter }, {
      "Retry-After": String(retryAfter),
    });
  }
}
