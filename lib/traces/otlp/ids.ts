// Trace and span ids arrive as hex (OTLP JSON), base64 (generic proto3 JSON
// encoders) or raw bytes (protobuf decoders). Storage keys on lowercase hex so
// the same span sent through any route deduplicates. Anything that is not
// 16 bytes (trace) or 8 bytes (span) in one of those forms is not an id.

import type { OtlpId } from "./types";

const TRACE_ID_BYTES = 16;
const SPAN_ID_BYTES = 8;

const HEX_BY_BYTE: string[] = [];
for (let i = 0; i < 256; i++) HEX_BY_BYTE.push(i.toString(16).padStart(2, "0"));

// Base64 (standard and url-safe) decoding table; -1 marks invalid characters.
const B64_VALUE = new Int8Array(128).fill(-1);
const B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
for (let i = 0; i < B64_ALPHABET.length; i++) B64_VALUE[B64_ALPHABET.charCodeAt(i)] = i;
B64_VALUE["-".charCodeAt(0)] = 62;
B64_VALUE["_".charCodeAt(0)] = 63;

export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX_BY_BYTE[bytes[i]];
  return out;
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const lower = c >= 97 && c <= 102;
    const upper = c >= 65 && c <= 70;
    if (!digit && !lower && !upper) return false;
  }
  return true;
}

/** Decodes base64 straight to hex; null when the text is not base64. */
function base64ToHex(s: string): string | null {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61 /* = */) end--;
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_VALUE[c] : -1;
    if (v < 0) return null;
    buffer = ((buffer << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += HEX_BY_BYTE[(buffer >> bits) & 0xff];
    }
  }
  return out;
}

function isAllZero(hex: string): boolean {
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return false;
  return true;
}

function normaliseId(value: OtlpId | null | undefined, byteLength: number): string | null {
  if (value == null) return null;
  let hex: string | null;
  if (typeof value === "string") {
    if (value.length === 0) return null;
    if (value.length === byteLength * 2 && isHex(value)) {
      hex = value.toLowerCase();
    } else {
      // Not canonical hex: base64 of the expected size (proto3 JSON encoders), else not an id at all.
      const decoded = base64ToHex(value);
      if (decoded === null || decoded.length !== byteLength * 2) return null;
      hex = decoded;
    }
  } else if (value instanceof Uint8Array) {
    if (value.length !== byteLength) return null;
    hex = bytesToHex(value);
  } else {
    return null;
  }
  // W3C: an all-zero id is invalid; for parents it means "no parent".
  return isAllZero(hex) ? null : hex;
}

export function normaliseTraceId(value: OtlpId | null | undefined): string | null {
  return normaliseId(value, TRACE_ID_BYTES);
}

export function normaliseSpanId(value: OtlpId | null | undefined): string | null {
  return normaliseId(value, SPAN_ID_BYTES);
}
