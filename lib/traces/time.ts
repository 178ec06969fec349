// OTLP timestamps are uint64 nanoseconds since the epoch. JSON sends them as
// decimal strings (they exceed 2^53), protobuf decoders as Long {low, high}.
// Prism stores millisecond Dates, so we avoid BigInt and cut the string.

import type { OtlpInt64 } from "./otlp";

const TWO_POW_32 = 4294967296;

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
      ms = Math.floor(value / 1e6);
      break;
    case "bigint":
      ms = Number(value / BigInt(1e6));
      break;
    default:
      ms = Math.floor(((value.high >>> 0) * TWO_POW_32 + (value.low >>> 0)) / 1e6);
  }
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

export function nanosToDate(value: OtlpInt64 | null | undefined): Date | null {
  const ms = nanosToMillis(value);
  return ms === null ? null : new Date(ms);
}
