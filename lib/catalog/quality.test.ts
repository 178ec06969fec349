import { expect, test } from "vitest";
import { buildQualityReport } from "./quality";
import { parseCatalogText } from "./document";

const catalog = parseCatalogText("mode: warn\nevents:\n  - name: message_sent\n    alerts: { minDailyVolume: 10 }\n");
const row = (day: string, name: string, volume: number, extra: Partial<{ violations: number; refused: number; unknown: number }> = {}) => ({
  day,
  name,
  volume,
  violations: 0,
  refused: 0,
  unknown: 0,
  lastViolations: [],
  lastViolationAt: null,
  ...extra,
});

test("a low daily volume is flagged on whole past days only; unknown events come first; the series keeps every day", () => {
  const from = new Date("2026-03-01T00:00:00Z");
  const now = new Date("2026-03-03T08:00:00Z");
  const report = buildQualityReport(catalog, [row("2026-03-01", "message_sent", 12), row("2026-03-02", "message_sent", 4), row("2026-03-03", "message_sent", 1), row("2026-03-02", "page_viewed", 2, { unknown: 2 })], from, now);
  expect(report.days).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"]);
  expect(report.events.map((e) => [e.name, e.known, e.volume, e.alerts])).toEqual([
    ["page_viewed", false, 2, []],
    ["message_sent", true, 17, ["1 day(s) under 10 events, last 2026-03-02"]],
  ]);
  expect(report.volume).toHaveLength(4);
});

test("no rows: no events and no alerts, not zeros invented for catalog events", () => {
  const report = buildQualityReport(catalog, [], new Date("2026-03-01T00:00:00Z"), new Date("2026-03-01T10:00:00Z"));
  expect(report).toMatchObject({ events: [], volume: [], days: ["2026-03-01"] });
});
