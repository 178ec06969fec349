// The demo's traces end at the moment it is seeded, so which of them fall in the daily drift run's whole-day windows
// follows the hour. The German billing prompts planted in its last week must be a drifted prompt cluster of the run
// at every hour (the e2e in e2e/monitoring.spec.ts looks for them): seeded between 06:30 and 08:00 UTC, k-means on
// the current window alone mixed them with English support prompts sharing their system prompt, and no cluster
// was reported. Pure: the report is built by the run's own function on the generated rows
// (scripts/scan-demo-drift.ts scans every 10 minutes of a day).
import { expect, test } from "vitest";
import { demoDriftReport, GERMAN_PROMPT } from "@/scripts/lib/demo-drift";

test.each(["06:40", "07:20", "08:00", "15:00"])("seeded at %s UTC, the demo's daily drift report lists its German billing prompts as a drifted cluster", (hour) => {
  const report = demoDriftReport(new Date(`2026-12-06T${hour}:00Z`));
  const clusters = report.clusters ?? [];
  expect(report.result?.features.find((f) => f.name === "embeddings")?.drifted).toBe(true);
  const german = clusters.filter((c) => c.examples.some((e) => GERMAN_PROMPT.test(e)));
  expect(german.length, JSON.stringify(clusters.map((c) => c.examples))).toBeGreaterThan(0);
  const top = german[0];
  // The German prompts of the current window, almost all of them in one region, none of the baseline's.
  expect(top.currentShare - top.referenceShare).toBeGreaterThanOrEqual(0.08);
  expect(top.referenceCount).toBe(0);
  for (const e of top.examples) expect(e).toMatch(/\b(ich|meine|wurde)\b/);
  expect(top.terms.some((w) => ["rechnungen", "sepa", "lastschrift", "rechnungsadresse"].includes(w))).toBe(true);
  // Nothing else in the demo drifts: every other prompt comes from the same generator in both windows.
  expect(clusters.filter((c) => !german.includes(c)).map((c) => c.examples)).toEqual([]);
});
