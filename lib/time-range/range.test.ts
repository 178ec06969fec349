import { describe, expect, it } from "vitest";
import { describeRange, parseBound, parseTimeRange, partialDays, pickRangeParams, presetRange, previousPeriod, rangeParams, withRange } from "./range";
import { compareValues, periodCoverage } from "./compare";

const now = new Date("2026-12-05T13:30:00Z");
const DAY = 86_400_000;

describe("parseTimeRange", () => {
  it("defaults to the last 7 days ending now, without comparison", () => {
    const { range, problem } = parseTimeRange({}, now);
    expect(problem).toBeNull();
    expect(range).toEqual({ preset: "7d", from: new Date(now.getTime() - 7 * DAY), to: now, compare: false });
  });

  it("reads every preset and compare=previous", () => {
    for (const [preset, days] of [["24h", 1], ["7d", 7], ["30d", 30], ["90d", 90]] as const) {
      const { range } = parseTimeRange({ range: preset, compare: "previous" }, now);
      expect(range.preset).toBe(preset);
      expect(now.getTime() - range.from.getTime()).toBe(days * DAY);
      expect(range.compare).toBe(true);
    }
  });

  it("reads a custom range of dates with the end day included, and prefers it over a preset", () => {
    const { range, problem } = parseTimeRange(new URLSearchParams("range=30d&from=2026-11-01&to=2026-11-07"), now);
    expect(problem).toBeNull();
    expect(range.preset).toBeNull();
    expect(range.from.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(range.to.toISOString()).toBe("2026-11-08T00:00:00.000Z");
  });

  it("reads datetime-local values as UTC and zoned date-times as given; a start alone runs to now", () => {
    expect(parseTimeRange({ from: "2026-12-01T10:00", to: "2026-12-02T10:00+01:00" }, now).range).toMatchObject({
      from: new Date("2026-12-01T10:00:00Z"),
      to: new Date("2026-12-02T09:00:00Z"),
    });
    expect(parseTimeRange({ from: "2026-12-01" }, now).range.to).toEqual(now);
  });

  it.each([
    [{ range: "14d" }, /range: must be one of 24h, 7d, 30d, 90d/],
    [{ from: "yesterday" }, /from: "yesterday" is not a date/],
    [{ from: "2026-02-31" }, /not a date/],
    [{ from: "2026-11-07", to: "2026-11-01" }, /the end must be after the start/],
    [{ to: "2026-11-07" }, /needs a start/],
    [{ from: "1999-12-31" }, /2000 or later/],
    [{ from: "2027-01-01", to: "2027-01-02" }, /in the future/],
    [{ from: "2020-01-01", to: "2026-01-01" }, /at most 400 days/],
    [{ compare: "yes" }, /compare: must be "previous"/],
  ])("falls back to the default with a clear message for %j", (params, message) => {
    const { range, problem } = parseTimeRange(params, now);
    expect(problem).toMatch(message);
    expect(range.preset).toBe("7d");
    expect(range.to).toEqual(now);
  });

  it("keeps a valid compare while falling back from a bad range", () => {
    expect(parseTimeRange({ range: "1y", compare: "previous" }, now).range.compare).toBe(true);
  });
});

describe("URL round trip", () => {
  it("always writes the preset and reads back what it writes", () => {
    expect(rangeParams(presetRange("7d", now))).toEqual([["range", "7d"]]);
    for (const params of ["range=30d&compare=previous", "from=2026-11-01&to=2026-11-07", "from=2026-11-01T10%3A00%3A00.000Z&to=2026-11-02T09%3A30%3A00.000Z&compare=previous"]) {
      const { range } = parseTimeRange(new URLSearchParams(params), now);
      expect(new URLSearchParams(rangeParams(range)).toString()).toBe(params);
    }
  });

  it("withRange replaces the range of a link and keeps its other parameters and fragment", () => {
    const range = parseTimeRange({ range: "30d" }, now).range;
    expect(withRange("/traces?userId=u%201&range=24h&from=2026-01-01#top", range)).toBe("/traces?userId=u+1&range=30d#top");
    expect(withRange("/costs", presetRange("7d", now))).toBe("/costs?range=7d");
    expect(withRange("/sessions?cohort=c", [["from", "2026-11-01"], ["to", "2026-11-02"]])).toBe("/sessions?cohort=c&from=2026-11-01&to=2026-11-02");
  });

  it("pickRangeParams copies only the range keys", () => {
    expect(pickRangeParams(new URLSearchParams("userId=x&range=30d&compare=previous&cursor=abc"))).toEqual([["range", "30d"], ["compare", "previous"]]);
  });
});

describe("periods", () => {
  it("the previous period has the same length and ends where the range starts", () => {
    const r = parseTimeRange({ from: "2026-11-08", to: "2026-11-14" }, now).range;
    expect(previousPeriod(r)).toEqual({ from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-08T00:00:00Z") });
  });

  it("marks the cut days of a rolling window as partial, whole days not", () => {
    expect(partialDays(presetRange("7d", now))).toEqual(["2026-11-28", "2026-12-05"]);
    expect(partialDays({ from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-08T00:00:00Z") })).toEqual([]);
  });

  it("describes ranges in words", () => {
    expect(describeRange(presetRange("30d", now))).toBe("last 30 days");
    expect(describeRange(parseTimeRange({ from: "2026-11-01", to: "2026-11-07" }, now).range)).toBe("2026-11-01 – 2026-11-07 (UTC)");
    expect(describeRange(parseTimeRange({ from: "2026-11-01", to: "2026-11-01" }, now).range)).toBe("2026-11-01 (UTC)");
  });

  it("parseBound refuses text that is not a date", () => {
    expect(parseBound("2026-13-01", "from")).toBeNull();
    expect(parseBound("12/01/2026", "from")).toBeNull();
    expect(parseBound("2026-12-01T10:00Z", "from")).toEqual(new Date("2026-12-01T10:00:00Z"));
  });
});

describe("compare to previous", () => {
  const period = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-08T00:00:00Z") };

  it("says how much of the previous period the data covers", () => {
    expect(periodCoverage(period, null)).toBe("none");
    expect(periodCoverage(period, new Date("2026-11-08T00:00:00Z"))).toBe("none");
    expect(periodCoverage(period, new Date("2026-11-03T00:00:00Z"))).toBe("partial");
    expect(periodCoverage(period, new Date("2026-10-01T00:00:00Z"))).toBe("full");
  });

  it("gives the absolute and relative change, none without previous data, no ratio to zero", () => {
    expect(compareValues(120, 100, "full")).toEqual({ previous: 100, change: 20, relative: 0.2, coverage: "full" });
    expect(compareValues(80, 100, "partial")).toMatchObject({ change: -20, relative: -0.2, coverage: "partial" });
    expect(compareValues(5, 0, "full")).toEqual({ previous: 0, change: 5, relative: null, coverage: "full" });
    expect(compareValues(5, 0, "none")).toEqual({ previous: null, change: null, relative: null, coverage: "none" });
    expect(compareValues(0.1, null, "full")).toMatchObject({ change: null, relative: null });
  });
});
