import { expect, test } from "@playwright/test";
import { screenshot, signInAndLand } from "./helpers";

const DAY = 86_400_000;
// The demo seed anchors its product events at today's UTC midnight; their incidents are 12 and 26 days before. The demo
// traces' latency incident is on the UTC day LATENCY_INCIDENT_DAYS (lib/demo/traces.ts) before today.
const LATENCY_INCIDENT_DAYS = 4;
const dayAgo = (n: number) => new Date(Math.floor(Date.now() / DAY) * DAY - n * DAY).toISOString();
/** "850 ms", "12.34 s", "1 min 5 s" (the traces table's latency cell) in seconds. */
const parseDuration = (text: string) => {
  const m = /^(?:(\d+) min )?([\d.]+) (ms|s)$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2]) / (m[3] === "ms" ? 1000 : 1);
};

test("the anomaly feed shows the demo's injected incidents and links to the traces of their window", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await expect(page.getByRole("region", { name: "Anomaly feed" }).getByRole("list", { name: "Anomalies" })).toBeVisible();

  // The page follows the app's time range (default 7 days); the demo's incidents are 12 and 26 days old.
  await page.goto("/monitoring/anomalies?range=30d");
  const spike = page.locator(`li[data-metric="error_rate"][data-timestamp="${dayAgo(12)}"]`).first();
  await expect(spike).toContainText("Product error rate");
  await expect(spike).toContainText("expected");
  await expect(spike.getByRole("img")).toBeVisible(); // sparkline
  // The drop is injected 26 days ago; its incident may start a day or two earlier, where the detector also flags the
  // lead-in (the feed dates an incident by its first day and names the peak in its text).
  const dropStarts = [26, 27, 28].map((n) => `li[data-timestamp="${dayAgo(n)}"]`).join(", ");
  const drop = page.locator(dropStarts).filter({ hasText: /Drop ↓ (Messages|Product sessions)/ });
  await expect(drop.first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Sensitivity per metric" })).toBeVisible();
  await screenshot(page, "monitoring-anomalies");

  const link = spike.getByRole("link", { name: "Traces in this window" });
  await expect(link).toHaveAttribute("href", `/traces?from=${encodeURIComponent(dayAgo(12))}&to=${encodeURIComponent(dayAgo(11))}`);
  await link.click();
  await expect(page).toHaveURL(/\/traces\?from=/);
  await expect(page.getByRole("heading", { level: 1, name: "Traces" })).toBeVisible();
});

test("the demo traces' latency incident is in the feed and opens the slow traces of that day", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/monitoring/anomalies");
  // The trace demo's injected incident: every model call 6x slower on one day, LATENCY_INCIDENT_DAYS before today.
  const day = dayAgo(LATENCY_INCIDENT_DAYS);
  const overall = page.locator(`li[data-metric="latency_p50"][data-timestamp="${day}"][data-series="all"]`).first();
  await expect(overall).toContainText("Spike ↑ Latency p50");
  await expect(overall.getByRole("img")).toBeVisible();
  // Per-model series are detected too, but which model carries enough calls on the incident day for a trusted p50
  // (10) moves with the demo's anchor, so no single model is asserted here (tests/monitoring-jobs covers per model).
  await overall.scrollIntoViewIfNeeded();
  await screenshot(page, "monitoring-anomalies-latency");

  const link = overall.getByRole("link", { name: "Traces in this window" });
  const to = dayAgo(LATENCY_INCIDENT_DAYS - 1);
  await expect(link).toHaveAttribute("href", `/traces?from=${encodeURIComponent(day)}&to=${encodeURIComponent(to)}&sort=latency&order=desc`);
  await link.click();
  await expect(page).toHaveURL(/\/traces\?from=.*sort=latency/);
  const table = page.getByRole("region", { name: "Traces" });
  await expect(table.getByRole("columnheader", { name: /Latency/ })).toHaveAttribute("aria-sort", "descending");
  // The slow traces of that day, slowest first: on an ordinary day the median trace takes about 3-4 s, that day ~20 s.
  const rows = table.getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  const seconds = (await table.locator("tbody tr td:nth-child(6)").allTextContents()).map(parseDuration);
  expect(seconds.length).toBeGreaterThan(5);
  expect(seconds).toEqual([...seconds].sort((a, b) => b - a));
  expect(seconds[Math.floor(seconds.length / 2)]).toBeGreaterThan(10);
  await screenshot(page, "traces-latency-incident");
});

test("the demo's prompt drift of the last week is in the feed and links to the drift report with its clusters", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/monitoring/anomalies");
  // The drift run of today (stored by the demo seed) compares the last 7 days with the 7 before.
  const drift = page.locator(`li[data-metric="drift.embeddings"][data-timestamp="${dayAgo(0)}"]`);
  await expect(drift).toContainText("Drift in prompt embeddings");
  const link = drift.getByRole("link", { name: "Drift report of that day" });
  await expect(link).toHaveAttribute("href", `/monitoring/drift?day=${dayAgo(0).slice(0, 10)}`);
  await link.click();
  await expect(page).toHaveURL(/\/monitoring\/drift\?day=/);
  const clusters = page.getByRole("region", { name: "Drifted prompt clusters" });
  await expect(clusters.getByRole("listitem").first()).toContainText("of current prompts vs");
  // The injected topic: German questions about PDF invoices and SEPA payments, shown as (masked) example prompts.
  await expect(clusters.getByText(/SEPA|Rechnung/).first()).toBeVisible();
  await screenshot(page, "monitoring-drift-report");
});

test("an analyst labels an anomaly; forecasts and drift pages render", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/monitoring/anomalies");
  // The feed lists open anomalies first: once confirmed, the item moves below them, so it is followed by its id.
  const id = await page.getByRole("list", { name: "Anomalies" }).getByRole("listitem").first().getAttribute("data-id");
  const first = page.locator(`li[data-id="${id}"]`);
  await first.getByRole("button", { name: "Confirm" }).click();
  await expect(first.getByText("Confirmed")).toBeVisible();

  await page.goto("/monitoring/forecasts");
  await expect(page.getByRole("region", { name: "Thumbs-up rate forecast" })).toContainText("In 30 days");
  await expect(page.getByRole("region", { name: "Thumbs-up rate forecast" })).toContainText("Seasonal naive");
  // Read from the forecasts the demo seed stored (the daily job's run), with the time they were computed.
  await expect(page.getByTestId("forecast-provenance")).toContainText("Stored forecasts of");
  await screenshot(page, "monitoring-forecasts");

  await page.goto("/monitoring/drift");
  await expect(page.getByRole("region", { name: "Drift per feature" })).toContainText("Prompt length");
  await expect(page.getByRole("region", { name: "Daily drift runs" })).toBeVisible();
  await screenshot(page, "monitoring-drift");

  await page.goto("/monitoring");
  await expect(page.getByRole("region", { name: "Alert rules" })).toBeVisible();
  // No SMTP in the e2e server: the form says email is off instead of offering it.
  await expect(page.getByText("Email is off on this server")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Email recipients" })).toBeDisabled();
  await screenshot(page, "monitoring");
});
