// The lifecycle and stickiness charts: dormant drawn below zero, titles and axis units present, and an honest empty
// state instead of a chart of zeros.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { LifecycleChart, StickinessChart, lifecycleBars } from "./lifecycle-view";

const period = (start: string, n: number, r: number, s: number, d: number) => ({ start, new: n, returning: r, resurrecting: s, dormant: d, active: n + r + s });

describe("lifecycle chart", () => {
  it("negates dormant users so they stack below the axis, and keeps the others positive", () => {
    const bars = lifecycleBars({ period: "week", periods: [period("2026-11-09T00:00:00Z", 1, 2, 3, 4)] });
    expect(bars).toEqual([{ start: "2026-11-09", New: 1, Returning: 2, Resurrecting: 3, Dormant: -4 }]);
  });

  it("shows an empty state when nobody was active or went dormant", () => {
    const html = renderToStaticMarkup(createElement(LifecycleChart, { reply: { period: "day", periods: [period("2026-11-09T00:00:00Z", 0, 0, 0, 0)] } }));
    expect(html).toContain("Lifecycle per day (UTC)");
    expect(html).toContain("Nobody was active");
  });
});

describe("stickiness chart", () => {
  it("titles the chart with the mean, or shows an empty state", () => {
    const some = renderToStaticMarkup(
      createElement(StickinessChart, { reply: { period: "week", periods: [], overall: { userPeriods: 4, distribution: [2, 2, 0, 0, 0, 0, 0], mean: 1.5 } } }),
    );
    expect(some).toContain("Stickiness: days active per week");
    expect(some).toContain("Mean 1.50 days over 4 user-weeks");
    const none = renderToStaticMarkup(createElement(StickinessChart, { reply: { period: "month", periods: [], overall: { userPeriods: 0, distribution: new Array(31).fill(0), mean: null } } }));
    expect(none).toContain("Nobody was active in this range.");
  });
});
