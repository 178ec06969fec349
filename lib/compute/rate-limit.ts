// One per-key budget for the stateless analysis endpoints (detect, forecast, drift, stats/analyze,
// analyze/emotions): a large call holds the CPU for over a second, so the budget is shared across them and
// checked before the body is read.

import { enforceRateLimit, type RateLimit } from "@/lib/cache/rate-limit";
import { getCacheStore } from "@/lib/cache/store";

export const COMPUTE_RATE_LIMIT: RateLimit = { limit: 30, windowMs: 60_000 };

/** Throws a 429 with Retry-After once the key has used its analysis budget for the current minute. */
export async function enforceComputeRateLimit(apiKeyId: string) {
  await enforceRateLimit(
    await getCacheStore(),
    `compute:${apiKeyId}`,
    COMPUTE_RATE_LIMIT,
    `Analysis rate limit exceeded (${COMPUTE_RATE_LIMIT.limit} calls per minute per API key, shared by detect, forecast, drift, stats/analyze and analyze/emotions).`,
  );
}
