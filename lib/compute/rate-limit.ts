// One budget per API key and one per signed-in user for the stateless analysis endpoints (detect, forecast, drift,
// stats/analyze, analyze/emotions): a large call holds the CPU for over a second, so the budget is shared across
// them and checked before the body is read.

import type { RateLimit } from "@/lib/cache/rate-limit";

export const COMPUTE_RATE_LIMIT: RateLimit = { limit: 30, windowMs: 60_000 };

const MESSAGE = `Analysis rate limit exceeded (${COMPUTE_RATE_LIMIT.limit} calls per minute per API key or signed-in user, shared by detect, forecast, drift, stats/analyze and analyze/emotions).`;

/** The budget as route declarations use it (`rateLimit`): counted as `compute:<apiKeyId>` or `compute:user:<userId>`, before the body is read. */
export const COMPUTE_ROUTE_RATE_LIMIT = { name: "compute", ...COMPUTE_RATE_LIMIT, message: MESSAGE };
