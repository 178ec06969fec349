// OTLP timestamps are uint64 nanoseconds since the epoch. JSON sends them as
// decimal strings (they exceed 2^53), protobuf decoders as Long {low, high}.
// Prism stores millisecond Dates, so we avoid BigInt and cut the string.

import type { OtlpInt64 } from "./types";

// 2^32 = 4294 * 1e6 + 967296: lets Long {high, low} be divided by 1e6
// exactly, without forming the (> 2^53) nanosecond count as a double.
const TWO_POW_32_MS = 4294;
const TWO_POW_32_REMAINDER_NS = 967296;
// Doubles this large are only precise to 256 ns; nudge so that a value that
// was exactly on a millisecond does not floor to the one before.
const DOUBLE_ERROR_NS = 512;

/** Nanoseconds since epoch → epoch milliseconds; null when absent or zero. */
export function nanosToMillis(value: OtlpInt64 | null | undefined): number | null {
  if (value == null) return null;
  let ms: number;
  switch (typeof value) {
    case "string": {
      if (value.length === 0) return null;
      const first = value.charCodeAt(0);
      if (first < 48 || first > 57) {
        // Not a nanosecond count; tolerate ISO strings from hand-written clients.
        const parsed = Date.parse(value);
        return Number.isNaN(parsed) ? null : parsed;
      }
      // Dropping the last 6 digits divides by 1e6 without precision loss.
      ms = value.length > 6 ? Number(value.slice(0, value.length - 6)) : 0;
      break;
    }
    case "number":
      ms = Math.floor((value + DOUBLE_ERROR_NS) / 1e6);
      break;
    case "bigint":
      ms = Number(value / BigInt(1e6));
      break;
    default: {
      const high = value.high >>> 0;
      const rest = high * TWO_POW_32_REMAINDER_NS + (value.low >>> 0);
      ms = high * TWO_POW_32_MS + Math.floor(rest / 1e6);
    }
  }
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

export function nanosToDate(value: OtlpInt64 | null | undefined): Date | null {
  const ms = nanosToMillis(value);
  return ms === null ? null : new Date(ms);
}
