import { describe, expect, test } from "vitest";
import { BUILTIN_METRICS, clampBand, clampToDomain } from "./catalog";

describe("metric domains", () => {
  test("every built-in metric declares its domain: rates in [0, 1], everything else non-negative", () => {
    for (const [name, info] of Object.entries(BUILTIN_METRICS)) {
      expect(info.domain, name).toBe(info.rate ? "unit_interval" : "non_negative");
    }
  });

  test("a rate's expected value and band are clamped into [0, 1] (the demo's 107% thumbs-up, -1.7% error rate)", () => {
    expect(clampBand("thumbs_up_rate", { expected: 1.07, lower: 0.98, upper: 1.16, value: 0.6 })).toEqual({ expected: 1, lower: 0.98, upper: 1, value: 0.6 });
    expect(clampBand("error_rate", { expected: 0.01, lower: -0.017, upper: 0.04 })).toEqual({ expected: 0.01, lower: 0, upper: 0.04 });
  });

  test("counts, latency and cost never go below 0 but may exceed 1", () => {
    expect(clampBand("latency_p95", { expected: 120, lower: -35, upper: 300 })).toEqual({ expected: 120, lower: 0, upper: 300 });
    expect(clampBand("messages", { expected: -2, lower: -10, upper: 4 })).toEqual({ expected: 0, lower: 0, upper: 4 });
  });

  test("custom metrics have no known domain and are left as they are", () => {
    expect(clampBand("csat_delta", { expected: -3, lower: -5, upper: 1.5 })).toEqual({ expected: -3, lower: -5, upper: 1.5 });
    expect(clampToDomain(-1, undefined)).toBe(-1);
    expect(clampToDomain(Number.NaN, "unit_interval")).toBeNaN();
  });
});
