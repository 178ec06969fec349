// ObservationRecord / TraceUpsert (the mapper's shapes) → table rows.

import type { observations, traces } from "@/db/schema";
import type { ObservationRecord, TraceUpsert } from "../types";

export type ObservationRow = typeof observations.$inferInsert;
export type TraceRow = typeof traces.$inferInsert;

function usageTotal(r: ObservationRecord): number | null {
  const u = r.usage;
  if (!u) return null;
  if (u.total !== undefined) return u.total;
  if (u.input === undefined && u.output === undefined) return null;
  return (u.input ?? 0) + (u.output ?? 0);
}

export function observationRow(projectId: string, r: ObservationRecord): ObservationRow {
  return {
    projectId,
    traceId: r.traceId,
    id: r.id,
    parentObservationId: r.parentObservationId,
    type: r.type,
    name: r.name,
    startTime: r.startTime,
    endTime: r.endTime,
    level: r.level,
    statusMessage: r.statusMessage,
    model: r.model,
    provider: r.provider,
    modelParameters: r.modelParameters,
    usageInput: r.usage?.input ?? null,
    usageOutput: r.usage?.output ?? null,
    usageTotal: usageTotal(r),
    usageCacheRead: r.usage?.cacheRead ?? null,
    usageCacheWrite: r.usage?.cacheWrite ?? null,
    costInput: r.cost?.input ?? null,
    costOutput: r.cost?.output ?? null,
    costCacheRead: r.cost?.cacheRead ?? null,
    costCacheWrite: r.cost?.cacheWrite ?? null,
    costTotal: r.cost?.total ?? null,
    costSource: r.costSource,
    priceId: r.priceId,
    input: r.input === undefined ? null : r.input,
    output: r.output === undefined ? null : r.output,
    metadata: r.metadata,
    events: r.events.map((e) => ({ name: e.name, time: e.time.toISOString(), attributes: e.attributes })),
  };
}

export function traceRow(projectId: string, t: TraceUpsert): TraceRow {
  return {
    projectId,
    id: t.id,
    name: t.name,
    userId: t.userId,
    sessionId: t.sessionId,
    environment: t.environment,
    release: t.release,
    version: t.version,
    tags: t.tags,
    timestamp: t.timestamp,
    hasRoot: t.hasRoot,
    metadata: t.metadata,
  };
}
