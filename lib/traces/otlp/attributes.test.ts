import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyValueToJs, flattenAttributes } from "./attributes";
import { bytesToHex, normaliseSpanId, normaliseTraceId } from "./ids";
import { nanosToDate, nanosToMillis } from "./time";

describe("flattenAttributes", () => {
  it("decodes every AnyValue variant into plain JSON", () => {
    const attrs = flattenAttributes([
      { key: "s", value: { stringValue: "hello" } },
      { key: "i", value: { intValue: "42" } },
      { key: "n", value: { intValue: 7 } },
      { key: "d", value: { doubleValue: 0.5 } },
      { key: "b", value: { boolValue: false } },
      { key: "a", value: { arrayValue: { values: [{ stringValue: "x" }, { intValue: "1" }] } } },
      {
        key: "kv",
        value: { kvlistValue: { values: [{ key: "role", value: { stringValue: "user" } }] } },
      },
      { key: "bytes", value: { bytesValue: new Uint8Array([1, 2, 3]) } },
      { key: "empty", value: {} },
    ]);
    expect(attrs).toEqual({
      s: "hello",
      i: 42,
      n: 7,
      d: 0.5,
      b: false,
      a: ["x", 1],
      kv: { role: "user" },
      bytes: "AQID",
    });
  });

  it("handles protobuf-decoded shapes: Long-like ints and null oneof defaults", () => {
    const v = anyValueToJs({ stringValue: null, intValue: { low: 5, high: 1, unsigned: false } });
    expect(v).toBe(4294967296 + 5);
  });

  it("keeps int64 values beyond 2^53 exact as strings", () => {
    expect(anyValueToJs({ intValue: "9223372036854775807" })).toBe("9223372036854775807");
  });

  it("does not let a __proto__ key change the prototype", () => {
    const attrs = flattenAttributes([{ key: "__proto__", value: { stringValue: "x" } }]);
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
    expect(Object.keys(attrs)).toEqual(["__proto__"]);
  });

  it("tolerates missing lists and malformed entries", () => {
    expect(flattenAttributes(undefined)).toEqual({});
    expect(flattenAttributes([{ key: "k" }, null as never])).toEqual({});
  });
});

describe("id normalisation", () => {
  const hex = "5b8efff798038103d269b633813fc60c";
  const bytes = Uint8Array.from(Buffer.from(hex, "hex"));

  it("lowercases hex and converts bytes and Buffers to the same hex", () => {
    expect(normaliseTraceId(hex.toUpperCase())).toBe(hex);
    expect(normaliseTraceId(bytes)).toBe(hex);
    expect(normaliseTraceId(Buffer.from(hex, "hex"))).toBe(hex);
    expect(bytesToHex(new Uint8Array([0, 255, 16]))).toBe("00ff10");
  });

  it("decodes base64 ids (proto3 JSON encoders)", () => {
    expect(normaliseTraceId(Buffer.from(hex, "hex").toString("base64"))).toBe(hex);
    expect(normaliseSpanId(Buffer.from("eee19b7ec3c1b174", "hex").toString("base64"))).toBe("eee19b7ec3c1b174");
  });

  it("treats empty and all-zero ids as absent", () => {
    expect(normaliseSpanId("")).toBeNull();
    expect(normaliseSpanId("0000000000000000")).toBeNull();
    expect(normaliseSpanId(new Uint8Array(0))).toBeNull();
    expect(normaliseSpanId(undefined)).toBeNull();
  });
});

describe("timestamps", () => {
  it("accepts nanosecond strings, numbers, bigints and Long-like values", () => {
    const ms = Date.UTC(2025, 6, 1, 12, 0, 0, 123);
    const nanos = BigInt(ms) * BigInt(1_000_000) + BigInt(456_789);
    expect(nanosToMillis(nanos.toString())).toBe(ms);
    expect(nanosToMillis(Number(nanos))).toBe(ms);
    expect(nanosToMillis(nanos)).toBe(ms);
    const low = Number(nanos & BigInt(0xffffffff)) | 0; // signed, as protobufjs gives it
    const high = Number(nanos >> BigInt(32));
    expect(nanosToMillis({ low, high })).toBe(ms);
    expect(nanosToDate(nanos.toString())?.toISOString()).toBe("2025-07-01T12:00:00.123Z");
  });

  it("string, bigint and Long forms agree exactly with floor(nanos / 1e6)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: BigInt(1), max: BigInt("4102444800000000000") }), (nanos) => {
        const expected = Number(nanos / BigInt(1_000_000));
        const low = Number(nanos & BigInt(0xffffffff)) | 0;
        const high = Number(nanos >> BigInt(32));
        const got = [nanosToMillis(nanos.toString()), nanosToMillis(nanos), nanosToMillis({ low, high })];
        const want = expected > 0 ? expected : null;
        return got.every((v) => v === want);
      }),
      { numRuns: 500 },
    );
  });

  it("returns null for absent or zero times", () => {
    expect(nanosToMillis("0")).toBeNull();
    expect(nanosToMillis(0)).toBeNull();
    expect(nanosToMillis(null)).toBeNull();
  });
});
