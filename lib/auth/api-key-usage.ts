// Records when each API key was last used (shown on the API keys page) without a database write per request:
// at most one write per key per LAST_USED_INTERVAL_MS on each instance, and the SQL skips the write when another
// instance already recorded a use within the interval.

import { and, eq, isNull, lte, or } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import type { Db } from "@/db/client";
import { apiKeys } from "@/db/schema";

export const LAST_USED_INTERVAL_MS = 60_000;

export class ApiKeyUsage {
  /** apiKeyId → when this instance last wrote (or decided not to need to write) its lastUsedAt. */
  private readonly written = new LRUCache<string, number>({ max: 10_000 });

  constructor(private readonly now: () => number = Date.now) {}

  /** Notes a use of the key; true when this call wrote to the database. Errors are the caller's to ignore. */
  async touch(db: Db, apiKeyId: string): Promise<boolean> {
    const now = this.now();
    const last = this.written.get(apiKeyId);
    if (last !== undefined && now - last < LAST_USED_INTERVAL_MS) return false;
    this.written.set(apiKeyId, now);
    const stale = new Date(now - LAST_USED_INTERVAL_MS);
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date(now) })
      .where(and(eq(apiKeys.id, apiKeyId), or(isNull(apiKeys.lastUsedAt), lte(apiKeys.lastUsedAt, stale))));
    return true;
  }
}

// On globalThis: Next.js bundles routes separately; one throttle per process.
const globalForUsage = globalThis as unknown as { __prismApiKeyUsage?: ApiKeyUsage };
export const apiKeyUsage = () => (globalForUsage.__prismApiKeyUsage ??= new ApiKeyUsage());
