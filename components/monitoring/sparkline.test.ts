// An anomaly's sparkline carries its scale: the series' highest and lowest value written beside the line, in the
// metric's unit, and in the description screen readers get.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { formatMetricValue } from "@/components/format";
import { Sparkline } from "./sparkline";

const points = [120, 95, 410, 130].map((value, i) => ({ timestamp: `2026-11-0${i + 1}T00:00:00.000Z`, value }));

describe("Sparkline", () => {
  it("writes the top and bottom of its scale in the metric's unit", () => {
    const html = renderToStaticMarkup(
      createElement(Sparkline, { points, highlight: points[2].timestamp, label: "p50 latency", format: (v: number) => formatMetricValue(v, "ms") }),
    );
    const scale = /<span class="sparkline-scale muted" aria-hidden="true"><span>(.*?)<\/span><span>(.*?)<\/span><\/span>/.exec(html);
    expect(scale?.slice(1)).toEqual([formatMetricValue(410, "ms"), formatMetricValue(95, "ms")]);
    expect(html).toContain(`aria-label="p50 latency (the series runs from ${formatMetricValue(95, "ms")} to ${formatMetricValue(410, "ms")})"`);
    // The marked point is the highlighted one, at the top of the box.
    expect(html).toMatch(/<circle cx="[\d.]+" cy="3"/);
  });

  it("says so instead of drawing a single point", () => {
    expect(renderToStaticMarkup(createElement(Sparkline, { points: points.slice(0, 1), highlight: "", label: "x", format: String }))).toContain("not enough history");
  });
});
