// What the UI shows for numbers, percentages, durations and dates: one format everywhere, UTC, separators.
import { describe, expect, it } from "vitest";
import {
  formatCost,
  formatCount,
  formatDay,
  formatDuration,
  formatMetricValue,
  formatShare,
  formatNumber,
  formatPercent,
  formatTimestamp,
  formatUtcMinute,
  toDateTimeInput,
  toPercentPoints,
} from "./format";

describe("counts and numbers", () => {
  it("groups thousands and never shows a fractional count", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(1234.6)).toBe("1,235");
    expect(formatCount(0)).toBe("0");
  });
  it("shows a dash for a missing or non-finite value", () => {
    for (const v of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatCount(v)).toBe("—");
      expect(formatNumber(v)).toBe("—");
      expect(formatPercent(v)).toBe("—");
      expect(formatMetricValue(v, "ms")).toBe("—");
    }
  });
  it("keeps at most the requested decimals, with separators", () => {
    expect(formatNumber(12345.6789)).toBe("12,345.68");
    expect(formatNumber(0.5)).toBe("0.5");
    expect(formatNumber(2.123456, 4)).toBe("2.1235");
  });
});

describe("percentages", () => {
  it("reads a fraction as a percentage with one decimal by default", () => {
    expect(formatPercent(0.1234)).toBe("12.3%");
    expect(formatPercent(1)).toBe("100.0%");
    expect(formatPercent(0.456, 0)).toBe("46%");
  });
  it("gives charts percentage points, rounded when asked, null when unknown", () => {
    expect(toPercentPoints(0.1234)).toBeCloseTo(12.34, 10);
    expect(toPercentPoints(0.12345, 1)).toBe(12.3);
    expect(toPercentPoints(null)).toBeNull();
    expect(toPercentPoints(Number.NaN, 1)).toBeNull();
  });
});

describe("metric values in their unit", () => {
  it("never shows a fractional count, and says one thing in the singular", () => {
    expect(formatMetricValue(63481.43, "tokens")).toBe("63,481 tokens");
    expect(formatMetricValue(3.14159, "tokens")).toBe("3 tokens");
    expect(formatMetricValue(1, "requests")).toBe("1 request");
    expect(formatMetricValue(0.6, "traces")).toBe("1 trace");
    expect(formatMetricValue(0, "sessions")).toBe("0 sessions");
  });
  it("shows rates as percentages, latency as whole ms with separators, cost in USD", () => {
    expect(formatMetricValue(0.052, "%")).toBe("5.2%");
    expect(formatMetricValue(1234.7, "ms")).toBe("1,235 ms");
    expect(formatMetricValue(0.01234, "USD")).toBe("$0.0123");
    expect(formatMetricValue(12.5, "USD")).toBe("$12.50");
  });
  it("rounds large values to whole numbers and keeps two decimals for small ones", () => {
    expect(formatMetricValue(12345.67, "messages")).toBe("12,346 messages");
    expect(formatMetricValue(3.14159, "widgets")).toBe("3.14 widgets");
    expect(formatMetricValue(3.14159, "")).toBe("3.14");
  });
});

describe("durations and costs", () => {
  it("switches from ms to seconds to minutes", () => {
    expect(formatDuration(850.4)).toBe("850 ms");
    expect(formatDuration(1500)).toBe("1.50 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(null)).toBe("—");
  });
  it("keeps small LLM costs visible instead of $0.00", () => {
    expect(formatCost(0)).toBe("$0");
    expect(formatCost(0.000123)).toBe("$0.000123");
    expect(formatCost(1.5)).toBe("$1.5000");
  });
});

describe("dates, always in UTC", () => {
  // The same instant written with a -05:00 offset is already the next day in UTC.
  const lateEvening = "2026-11-03T23:30:45.678-05:00";
  it("gives the UTC calendar day whatever the offset of the input", () => {
    expect(formatDay(lateEvening)).toBe("2026-11-04");
    expect(formatDay(new Date(Date.UTC(2026, 0, 2, 3)))).toBe("2026-01-02");
    expect(formatDay("2026-11-03")).toBe("2026-11-03");
    expect(formatDay(Date.UTC(2026, 10, 3))).toBe("2026-11-03");
  });
  it("gives minutes and milliseconds in UTC, labelled", () => {
    expect(formatUtcMinute(lateEvening)).toBe("2026-11-04 04:30 UTC");
    expect(formatTimestamp(lateEvening)).toBe("2026-11-04 04:30:45.678 UTC");
  });
  it("shows a dash for a missing or unreadable date rather than 'Invalid Date'", () => {
    expect(formatDay(null)).toBe("—");
    expect(formatUtcMinute("not a date")).toBe("—");
    expect(formatTimestamp(undefined)).toBe("—");
  });
  it("fills a datetime-local filter input, empty when unset", () => {
    expect(toDateTimeInput(new Date(Date.UTC(2026, 10, 3, 14, 5, 9)))).toBe("2026-11-03T14:05");
    expect(toDateTimeInput(undefined)).toBe("");
  });
});

describe("shares from a sample", () => {
  it("shows n and the interval, and refuses a headline rate below the minimum sample", () => {
    expect(formatShare({ successes: 30, n: 120, share: 0.25, low: 0.181, high: 0.334, enough: true })).toBe("25% (30 of 120; 95% CI 18%–33%)");
    expect(formatShare({ successes: 1, n: 4, share: 0.25, low: 0.046, high: 0.699, enough: false })).toBe("not enough data yet (1 of 4)");
    expect(formatShare({ successes: 0, n: 0, share: null, low: null, high: null, enough: false })).toBe("no data yet");
  });
});
