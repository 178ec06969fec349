// Deterministic trace sampling: the decision is a pure function of the trace
// id, so every span of a trace (across batches, processes and SDK languages)
// is kept or dropped together without shared state.
import { fnv1a32 } from "@/lib/primitives/fnv1a";

/**
 * Maps a trace id to [0, 1). FNV-1a over the characters (ASCII case-folded so
 * "ABC…" and "abc…" agree), then the murmur3 finaliser to spread the bits:
 * some clients generate ids with predictable prefixes or suffixes (X-Ray puts
 * a timestamp first), so the raw characters cannot be used directly.
 */
export function traceIdToUnitInterval(traceId: string): number {
  let h = fnv1a32(traceId, { foldAsciiCase: true });
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * Keep the trace when its hash falls below `rate`. Rate ≥ 1 keeps everything,
 * ≤ 0 drops everything; a non-number rate keeps everything (fail open, so a
 * misconfiguration never silently loses data).
 */
export function shouldKeepTrace(traceId: string, rate: number): boolean {
  if (!(rate < 1)) return true; // also catches NaN
  if (rate <= 0) return false;
  return traceIdToUnitInterval(traceId) < rate;
}
