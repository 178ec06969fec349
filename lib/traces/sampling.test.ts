import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytesToHex } from "./otlp/ids";
import { shouldKeepTrace, traceIdToUnitInterval } from "./sampling";

const traceIdArb = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(bytesToHex);
const rateArb = fc.double({ min: 0, max: 1, noNaN: true });

describe("shouldKeepTrace", () => {
  it("is deterministic and case-insensitive", () => {
    fc.assert(
      fc.property(traceIdArb, rateArb, (id, rate) => {
        const first = shouldKeepTrace(id, rate);
        return shouldKeepTrace(id, rate) === first && shouldKeepTrace(id.toUpperCase(), rate) === first;
      }),
    );
  });

  it("is monotonic in the rate: raising it never drops a kept trace", () => {
    fc.assert(
      fc.property(traceIdArb, rateArb, rateArb, (id, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        return !shouldKeepTrace(id, low) || shouldKeepTrace(id, high);
      }),
    );
  });

  it("rate 1 keeps everything, 0 drops everything, NaN fails open", () => {
    fc.assert(
      fc.property(fc.string(), (id) => {
        return shouldKeepTrace(id, 1) && !shouldKeepTrace(id, 0) && shouldKeepTrace(id, Number.NaN);
      }),
    );
  });

  it("hashes into [0, 1)", () => {
    fc.assert(
      fc.property(fc.string(), (id) => {
        const u = traceIdToUnitInterval(id);
        return u >= 0 && u < 1;
      }),
    );
  });

  let randomIds: string[] | undefined;
  it.each([0.01, 0.1, 0.5, 0.9])("keeps ≈ rate (%s) of random trace ids", (rate) => {
    // Sampled once (seeded, so reproducible) and shared by the four rates.
    const ids = (randomIds ??= fc.sample(traceIdArb, { numRuns: 20_000, seed: 7 }));
    const kept = ids.filter((id) => shouldKeepTrace(id, rate)).length / ids.length;
    // 20k samples: 4 standard deviations is at most ±0.0142.
    expect(Math.abs(kept - rate)).toBeLessThan(0.015);
  });

  it("keeps ≈ rate of structured ids sharing a prefix (e.g. time-prefixed X-Ray ids)", () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `68640a00${i.toString(16).padStart(24, "0")}`);
    const kept = ids.filter((id) => shouldKeepTrace(id, 0.25)).length / ids.length;
    expect(Math.abs(kept - 0.25)).toBeLessThan(0.015);
  });
});
