// One limit for the insight queries (each scans events): per API key or signed-in user.
export const INSIGHTS_RATE_LIMIT = { name: "insights", limit: 120, windowMs: 60_000, message: "At most 120 insight queries a minute" };
