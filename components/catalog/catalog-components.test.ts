// The Data quality components show what the counters hold: an honest empty state without counts, unknown events
// marked, the last violation messages listed, and dashes (not zeros) where nothing was violated.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { EventVolumeChart } from "./event-volume-chart";
import { EventQualityTable } from "./event-quality-table";

const report = { mode: "warn" as const, from: "2026-03-01T00:00:00.000Z", days: ["2026-03-01", "2026-03-02"], events: [], volume: [] };

describe("data quality components", () => {
  it("the volume chart has a title and, without counts, says why instead of drawing zeros", () => {
    const html = renderToStaticMarkup(createElement(EventVolumeChart, { report }));
    expect(html).toContain("Stored events per day");
    expect(html).toContain("No events counted yet");
    const withData = renderToStaticMarkup(createElement(EventVolumeChart, { report: { ...report, volume: [{ day: "2026-03-01", name: "message_sent", volume: 3 }] } }));
    expect(withData).not.toContain("No events counted yet");
  });

  it("the table marks unknown events and lists the last violation messages", () => {
    const html = renderToStaticMarkup(
      createElement(EventQualityTable, {
        caption: "Events",
        events: [
          { name: "page_viewed", known: false, volume: 2, violations: 0, refused: 0, lastViolations: [], lastViolationAt: null, alerts: [] },
          { name: "message_sent", known: true, volume: 3, violations: 1, refused: 0, lastViolations: ["properties.latencyMs: must be number"], lastViolationAt: "2026-03-01T10:00:00.000Z", alerts: ["violation rate 33.3% is over 10.0%"] },
        ],
      }),
    );
    expect(html).toMatch(/page_viewed <span class="badge">unknown<\/span>/);
    expect(html).toContain("properties.latencyMs: must be number");
    expect(html).toContain("violation rate 33.3% is over 10.0%");
    expect(html).toContain('tabindex="0"');
  });
});
