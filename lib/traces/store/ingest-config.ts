// The per-project options ingestion needs (sample rate, compiled masker, price overrides), cached briefly in
// process so a span batch never reads settings from the database. An update through this module invalidates
// its entry at once, on other instances when the invalidation bus delivers it (within INGEST_CONFIG_TTL_MS at worst).

import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { modelPriceOverrides, traceSettings } from "@/db/schema";
import { createTtlCache } from "@/lib/cache/ttl-cache";
import { createMasker, type Masker } from "../masking";
import type { ModelPrice } from "../pricing/types";
import { shouldKeepTrace } from "../sampling";

export const INGEST_CONFIG_TTL_MS = 10_000;

export interface IngestConfig {
  sampleRate: number;
  masker: Masker;
  /** Project overrides (empty: defaults only). The same array instance is reused while cached (match.ts caches per array). */
  prices: readonly ModelPrice[];
  keeps(traceId: string): boolean;
}

// The load is cached as a promise, so concurrent batches share one read; an entry read through another database
// handle is a miss (tests run several databases in one process).
const configs = createTtlCache<{ db: Db; config: Promise<IngestConfig> }>({ name: "trace-ingest-config", ttlMs: INGEST_CONFIG_TTL_MS, max: 2_000 });

/** A stored price override as the cost matcher reads it. */
export function priceFromRow(r: typeof modelPriceOverrides.$inferSelect): ModelPrice {
  return {
    id: r.priceId,
    ...(r.provider ? { provider: r.provider } : {}),
    modelPattern: r.modelPattern,
    inputPerToken: r.inputPerToken,
    outputPerToken: r.outputPerToken,
    ...(r.cacheReadPerToken != null ? { cacheReadPerToken: r.cacheReadPerToken } : {}),
    ...(r.cacheWritePerToken != null ? { cacheWritePerToken: r.cacheWritePerToken } : {}),
    inputIncludesCache: r.inputIncludesCache,
    effectiveFrom: r.effectiveFrom.toISOString(),
  };
}

async function load(db: Db, projectId: string): Promise<IngestConfig> {
  const [[settings], prices] = await Promise.all([
    db.select().from(traceSettings).where(eq(traceSettings.projectId, projectId)).limit(1),
    db.select().from(modelPriceOverrides).where(eq(modelPriceOverrides.projectId, projectId)).orderBy(asc(modelPriceOverrides.effectiveFrom)),
  ]);
  const masker = createMasker({
    enabled: settings?.maskingEnabled ?? true,
    rules: settings?.maskingRules ?? {},
    customPatterns: settings?.customPatterns ?? [],
    dropPayloads: settings?.dropPayloads ?? false,
  });
  const sampleRate = settings?.sampleRate ?? 1;
  return {
    sampleRate,
    masker,
    prices: prices.map(priceFromRow),
    keeps: (traceId) => shouldKeepTrace(traceId, sampleRate),
  };
}

export function getIngestConfig(db: Db, projectId: string): Promise<IngestConfig> {
  const hit = configs.get(projectId);
  if (hit && hit.db === db) return hit.config;
  const config = load(db, projectId);
  // A failed load must not stay cached.
  config.catch(() => configs.invalidate(projectId));
  configs.set(projectId, { db, config });
  return config;
}

export function invalidateIngestConfig(projectId: string): Promise<void> {
  return configs.invalidate(projectId);
}
