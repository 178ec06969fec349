// The retention triangle renders what the API answered: a row per start period, blank cells past the observed
// periods, percentages of the cohort, and heat proportional to the share.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { RetentionTriangle } from "./retention-view";
import { retentionCurve } from "@/lib/user-insights/retention";

const reply = {
  period: "day" as const,
  cohorts: [
    { start: "2026-11-02T00:00:00Z", size: 2, retained: [2, 1, 1] },
    { start: "2026-11-03T00:00:00Z", size: 0, retained: [0, 0] },
    { start: "2026-11-04T00:00:00Z", size: 1, retained: [1] },
  ],
};

describe("retention triangle", () => {
  it("shows shares of each cohort and leaves unobserved periods blank", () => {
    const html = renderToStaticMarkup(createElement(RetentionTriangle, { reply, periods: 3 }));
    expect(html.match(/<tr>/g)).toHaveLength(4);
    expect(html).toContain("50.0%");
    expect(html).toContain('title="1 of 2"');
    // Heat: the share scaled to at most 60% of the chart colour, so the cell's text keeps its contrast (axe, both themes).
    expect(html).toContain("var(--chart-1) 60%");
    expect(html).toContain("var(--chart-1) 30%");
    // The empty cohort shows dashes, not 0 %.
    expect(html).toContain("—");
  });

  it("curves weigh cohorts by their users and stop where no cohort was observed", () => {
    expect(retentionCurve(reply.cohorts, 4)).toEqual([1, 0.5, 0.5, null]);
  });
});
