import { describe, expect, it } from "vitest";
import { aggregatePeriod, type SessionSummary } from "./period-aggregate";
import { periodRange, previousPeriodRange } from "./period-range";
import { vec } from "../../tests/support/spectrum-vectors";

let id = 0;
const s = (startedAt: string, valence: number, patterns: string[] = [], extra = {}): SessionSummary => ({
  sessionId: `s${id++}`,
  startedAt,
  vector: vec(valence, { joy: Math.max(0, valence) }),
  patterns,
  ...extra,
});

describe("aggregatePeriod", () => {
  const week = [
    s("2025-03-03T10:00:00Z", 0.2, ["steady-calm"]),
    s("2025-03-03T15:00:00Z", 0.3, ["steady-calm", "steady-calm"]),
    s("2025-03-04T10:00:00Z", 0.25),
    s("2025-03-05T10:00:00Z", -0.8, ["rising-frustration"]),
  ];

  it("computes means, std, pattern shares and count", () => {
    const agg = aggregatePeriod(week);
    expect(agg.sessionCount).toBe(4);
    expect(agg.stats.valence.mean).toBeCloseTo(-0.0125);
    expect(agg.stats.valence.std).toBeGreaterThan(0.4);
    expect(agg.patternShares).toEqual({ "rising-frustration": 0.25, "steady-calm": 0.5 }); // counted once per session
    expect(agg.shifts).toBeNull();
    expect(agg.shiftsUnavailable).toBe("no-previous-period");
  });

  it("lists the days that deviate most from the period mean", () => {
    const agg = aggregatePeriod(week);
    expect(agg.notableDays[0]).toMatchObject({ date: "2025-03-05", sessionCount: 1, topDimension: "valence" });
    expect(agg.notableDays[0].topDelta).toBeLessThan(0);
  });

  it("assigns sessions to days in the requested time zone", () => {
    const late = [s("2025-03-03T23:30:00Z", 0.5), s("2025-03-04T12:00:00Z", -0.5)];
    expect(aggregatePeriod(late, { timeZone: "UTC" }).notableDays.map((d) => d.date).sort()).toEqual(["2025-03-03", "2025-03-04"]);
    // 23:30 UTC is already the 4th in Berlin: a single day, nothing stands out.
    expect(aggregatePeriod(late, { timeZone: "Europe/Berlin" }).notableDays).toEqual([]);
  });

  it("flags significant shifts against the previous period only when clear", () => {
    const prev = aggregatePeriod([0.6, 0.5, 0.7, 0.6, 0.55].map((v) => s("2025-02-24T10:00:00Z", v)));
    const down = aggregatePeriod([-0.4, -0.5, -0.3, -0.45, -0.5].map((v) => s("2025-03-03T10:00:00Z", v)), { previous: prev });
    expect(down.shifts?.valence).toMatchObject({ direction: "down", significant: true });
    expect(down.shifts?.valence.delta).toBeCloseTo(-1.02);
    const noisy = aggregatePeriod([0.9, -0.6, 0.8, -0.5].map((v) => s("2025-03-03T10:00:00Z", v)), { previous: prev });
    expect(noisy.shifts?.valence.significant).toBe(false);
    const tiny = aggregatePeriod([s("2025-03-03T10:00:00Z", -0.9)], { previous: prev });
    expect(tiny.shifts?.valence).toMatchObject({ t: null, significant: false });
  });

  it("refuses to mix analysis versions", () => {
    expect(() =>
      aggregatePeriod([s("2025-03-03T10:00:00Z", 0, [], { analysisVersion: "a" }), s("2025-03-03T10:00:00Z", 0, [], { analysisVersion: "b" })]),
    ).toThrow(/mix analysis versions/);
    const prev = aggregatePeriod([s("2025-02-24T10:00:00Z", 0, [], { analysisVersion: "a" })]);
    const cur = aggregatePeriod([s("2025-03-03T10:00:00Z", 0, [], { analysisVersion: "b" })], { previous: prev });
    expect(cur).toMatchObject({ shifts: null, shiftsUnavailable: "version-mismatch" });
  });

  it("handles an empty period", () => {
    expect(aggregatePeriod([])).toMatchObject({ sessionCount: 0, notableDays: [], patternShares: {} });
  });
});

describe("periodRange", () => {
  it("uses ISO weeks starting on Monday and calendar months (UTC)", () => {
    const w = periodRange(new Date("2025-01-01T12:00:00Z"), "week");
    expect(w).toMatchObject({ key: "2025-W01", start: new Date("2024-12-30T00:00:00Z"), end: new Date("2025-01-06T00:00:00Z") });
    expect(periodRange(new Date("2024-12-29T23:59:59Z"), "week").key).toBe("2024-W52");
    expect(periodRange(new Date("2025-02-15T00:00:00Z"), "month")).toMatchObject({ key: "2025-02", end: new Date("2025-03-01T00:00:00Z") });
    expect(previousPeriodRange(new Date("2025-01-10T00:00:00Z"), "month").key).toBe("2024-12");
  });
});
