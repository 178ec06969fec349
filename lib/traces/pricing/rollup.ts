// Per-trace usage and cost totals.

import type { ObservationRecord, ObservationType } from "../types";

export interface UsageTotals {
  input: number;
  output: number;
  total: number;
  cacheRead: number;
  cacheWrite: number;
}

export interface CostTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  total: number;
}

export interface TraceUsageRollup {
  traceId: string;
  usage: UsageTotals;
  cost: CostTotals;
  /** Observations whose usage/cost were summed. */
  countedObservations: number;
}

const MODEL_CALL_TYPES: ReadonlySet<ObservationType> = new Set(["generation", "embedding"]);

function zeroUsage(): UsageTotals {
  return { input: 0, output: 0, total: 0, cacheRead: 0, cacheWrite: 0 };
}

function zeroCost(): CostTotals {
  return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 };
}

function add(target: TraceUsageRollup, r: ObservationRecord): void {
  const u = r.usage;
  if (u) {
    target.usage.input += u.input ?? 0;
    target.usage.output += u.output ?? 0;
    target.usage.total += u.total ?? (u.input ?? 0) + (u.output ?? 0);
    target.usage.cacheRead += u.cacheRead ?? 0;
    target.usage.cacheWrite += u.cacheWrite ?? 0;
  }
  const c = r.cost;
  if (c) {
    target.cost.input += c.input ?? 0;
    target.cost.output += c.output ?? 0;
    target.cost.cacheRead += c.cacheRead ?? 0;
    target.cost.cacheWrite += c.cacheWrite ?? 0;
    target.cost.total += c.total;
  }
  target.countedObservations++;
}

/**
 * Sums usage and cost per trace. Model calls (generation/embedding) are the
 * billable unit: when a trace has any with usage or cost, only those are
 * summed, because wrapper spans (AI SDK ai.generateText, agent spans) often
 * repeat their children's totals. A trace with usage only on other spans
 * falls back to summing those.
 */
export function rollupTraceUsage(observations: readonly ObservationRecord[]): Map<string, TraceUsageRollup> {
  const calls = new Map<string, TraceUsageRollup>();
  const others = new Map<string, TraceUsageRollup>();
  for (const r of observations) {
    if (r.usage === null && r.cost === null) continue;
    const bucket = MODEL_CALL_TYPES.has(r.type) ? calls : others;
    let roll = bucket.get(r.traceId);
    if (roll === undefined) {
      roll = { traceId: r.traceId, usage: zeroUsage(), cost: zeroCost(), countedObservations: 0 };
      bucket.set(r.traceId, roll);
    }
    add(roll, r);
  }
  for (const [traceId, roll] of others) if (!calls.has(traceId)) calls.set(traceId, roll);
  return calls;
}
