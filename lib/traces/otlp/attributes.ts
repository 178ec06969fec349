// Turns OTLP's [{ key, value: { stringValue } }] lists into plain objects and
// offers typed readers over them. Everything here runs for every attribute
// of every span, so it avoids regexes, JSON round trips and closures.

import type { OtlpAnyValue, OtlpInt64, OtlpKeyValue } from "./types";
import type { AttributeValue, Attributes } from "../types";

const TWO_POW_32 = 4294967296;

function int64ToValue(v: OtlpInt64): number | string {
  switch (typeof v) {
    case "number":
      return v;
    case "string": {
      const n = Number(v);
      // Keep ids/counters beyond 2^53 exact as strings instead of rounding.
      return Number.isSafeInteger(n) ? n : v;
    }
    case "bigint":
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(v)
        : v.toString();
    default: {
      const high = v.unsigned ? v.high >>> 0 : v.high | 0;
      const n = high * TWO_POW_32 + (v.low >>> 0);
      return Number.isSafeInteger(n) ? n : String(n);
    }
  }
}

function bytesToBase64(bytes: Uint8Array): string {
  if (typeof Buffer !== "undefined") {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  }
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

/** Decodes one OTLP AnyValue; undefined for an empty value. */
export function anyValueToJs(value: OtlpAnyValue | null | undefined): AttributeValue | undefined {
  if (value == null) return undefined;
  // `!= null` rather than `in`: protobufjs puts null oneof defaults on prototypes.
  if (value.stringValue != null) return value.stringValue;
  if (value.intValue != null) return int64ToValue(value.intValue);
  if (value.doubleValue != null) {
    return typeof value.doubleValue === "number" ? value.doubleValue : Number(value.doubleValue);
  }
  if (value.boolValue != null) return value.boolValue;
  if (value.arrayValue != null) {
    const values = value.arrayValue.values;
    const out: AttributeValue[] = [];
    if (values) {
      for (let i = 0; i < values.length; i++) {
        const item = anyValueToJs(values[i]);
        out.push(item === undefined ? null : item);
      }
    }
    return out;
  }
  if (value.kvlistValue != null) return flattenAttributes(value.kvlistValue.values);
  if (value.bytesValue != null) {
    return typeof value.bytesValue === "string" ? value.bytesValue : bytesToBase64(value.bytesValue);
  }
  return undefined;
}

/** Assigns without letting a "__proto__" key rewrite the object's prototype. */
export function setAttribute(target: Attributes, key: string, value: AttributeValue): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * OTLP key/value list → plain object. Nested kvlists become nested objects and
 * arrays become arrays, so structured gen_ai.input.messages survive as JSON.
 * Later duplicates win, matching the OTel SDK's setAttribute semantics.
 */
export function flattenAttributes(list: readonly OtlpKeyValue[] | null | undefined): Attributes {
  const out: Attributes = {};
  if (!list) return out;
  for (let i = 0; i < list.length; i++) {
    const kv = list[i];
    if (kv == null || typeof kv.key !== "string") continue;
    const value = anyValueToJs(kv.value);
    if (value !== undefined) setAttribute(out, kv.key, value);
  }
  return out;
}

// ---- typed readers -------------------------------------------------------

// Readers are only called with Prism's constant convention keys, none of
// which exist on Object.prototype, so a plain property read is safe and fast.
export function readValue(attrs: Attributes, key: string): AttributeValue | undefined {
  return attrs[key];
}

export function readString(attrs: Attributes, key: string): string | undefined {
  const v = readValue(attrs, key);
  if (typeof v === "string") return v.length > 0 ? v : undefined;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

export function readNumber(attrs: Attributes, key: string): number | undefined {
  const v = readValue(attrs, key);
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.length > 0) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** First non-empty string among keys, in precedence order. */
export function firstString(attrs: Attributes, keys: readonly string[]): string | undefined {
  for (let i = 0; i < keys.length; i++) {
    const v = readString(attrs, keys[i]);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** First finite number among keys, in precedence order. */
export function firstNumber(attrs: Attributes, keys: readonly string[]): number | undefined {
  for (let i = 0; i < keys.length; i++) {
    const v = readNumber(attrs, keys[i]);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** First present value (any type) among keys. */
export function firstValue(attrs: Attributes, keys: readonly string[]): AttributeValue | undefined {
  for (let i = 0; i < keys.length; i++) {
    const v = readValue(attrs, keys[i]);
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
}
