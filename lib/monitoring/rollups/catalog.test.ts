// Metric domains: a fitted band never shows a reader a rate outside [0, 1] or a negative count, latency or cost.
import { describe, expect, test } from "vitest";
import { BUILTIN_METRICS, clampBand, clampToDomain, metricInfo } from "./catalog";

describe("metric domains", () => {
  test("the rates (and only they) live in [0, 1]; every other built-in metric is a non-negative amount", () => {
    // Written out from what each metric measures, not derived from the catalog's own flags.
    const rates = ["error_rate", "request_error_rate", "thumbs_up_rate"];
    const amounts = ["active_users", "cost", "latency_p50", "latency_p95", "messages", "requests", "sessions", "tokens"];
    expect(Object.keys(BUILTIN_METRICS).sort()).toEqual([...rates, ...amounts].sort());
    for (const name of rates) {
      expect(clampBand(name, { expected: 1.5, lower: -0.2, upper: 2 }), name).toEqual({ expected: 1, lower: 0, upper: 1 });
      expect(metricInfo(name), name).toMatchObject({ rate: true, unit: "%" });
    }
    for (const name of amounts) {
      expect(clampBand(name, { expected: 1.5, lower: -0.2, upper: 2 }), name).toEqual({ expected: 1.5, lower: 0, upper: 2 });
      expect(metricInfo(name).rate, name).toBe(false);
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

describe("KPI definitions", () => {
  test("the definitions that quote a threshold or an event name quote the value the code uses", async () => {
    const { BOARD_METRICS } = await import("./catalog");
    const { SRM_THRESHOLD } = await import("@/lib/experiments/stats/srm");
    const { PLAN_UPGRADED_EVENT } = await import("@/lib/spectrum/store/engagement");
    const { WEEKLY_SLA_HOURS } = await import("@/lib/spectrum/weekly-sla");
    expect(BOARD_METRICS.experiment_srm.definition).toContain(`below p ${SRM_THRESHOLD} `);
    expect(BOARD_METRICS.spectrum_teaser_conversion.definition).toContain(`"${PLAN_UPGRADED_EVENT}"`);
    expect(BOARD_METRICS.spectrum_weekly_sla.definition).toContain(`${WEEKLY_SLA_HOURS} h after`);
  });
});
