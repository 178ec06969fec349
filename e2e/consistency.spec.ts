import { expect, test, type Page } from "@playwright/test";
import { signInAndLand } from "./helpers";

// One quantity, one value: wherever the demo shows the same number in two places, the two agree. An analyst stops
// believing a dashboard after its first contradiction (issue 18, "Numbers that agree").

/** The whole number in a text such as "1,234 traces" or "7 Critical". */
const whole = (text: string | null) => {
  const m = /(\d[\d,]*)/.exec(text ?? "");
  if (!m) throw new Error(`no number in ${JSON.stringify(text)}`);
  return Number(m[1].replace(/,/g, ""));
};

async function statValue(page: Page, label: string) {
  const card = page.locator(".card").filter({ has: page.locator(".stat-label", { hasText: new RegExp(`^${label}$`) }) });
  return card.locator(".stat-value").innerText();
}

test("a session's trace count agrees on the Sessions list, the session page and the trace list filtered to it", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/sessions");
  // The busiest session on the first page, so the check is not about a session of one trace only.
  const rows = page.getByRole("region", { name: "Sessions" }).locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  const listed = await rows.evaluateAll((trs) => trs.map((tr) => ({ id: tr.querySelector("td a")?.textContent ?? "", traces: tr.querySelectorAll("td")[2]?.textContent ?? "" })));
  const busiest = listed.reduce((a, b) => (whole(b.traces) > whole(a.traces) ? b : a));
  expect(busiest.id).not.toBe("");

  await page.goto(`/sessions/${encodeURIComponent(busiest.id)}`);
  expect(whole(await statValue(page, "Turns"))).toBe(whole(busiest.traces));
  await expect(page.getByRole("region", { name: "Turns" }).locator("li.turn")).toHaveCount(whole(busiest.traces));

  await page.goto(`/traces?sessionId=${encodeURIComponent(busiest.id)}`);
  expect(whole(await page.locator(".list-total strong").innerText())).toBe(whole(busiest.traces));
});

test("the open-anomaly counts agree with the anomalies listed under each severity", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/monitoring/anomalies");
  const counts = page.getByRole("navigation", { name: "Open anomalies by severity" });
  for (const severity of ["critical", "high", "medium", "low"]) {
    const link = counts.locator(`a[data-severity="${severity}"]`);
    const count = whole(await link.innerText());
    await link.click();
    await expect(page).toHaveURL(new RegExp(`severity=${severity}`));
    // The page shows up to 100 items; the demo has far fewer of any one severity.
    await expect(page.locator(`li.anomaly-item[data-severity="${severity}"]`)).toHaveCount(count);
    await expect(page.locator("li.anomaly-item")).toHaveCount(count);
    await page.goto("/monitoring/anomalies");
  }
});

test("the drift page's headline agrees with the stored daily run it shows", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/monitoring/drift");
  const newest = page.getByRole("region", { name: "Daily drift runs" }).locator("li").first();
  await expect(newest.locator("a")).toHaveAttribute("aria-current", "page");
  const summary = await newest.locator(".muted").innerText();
  const listed = summary === "no drift" ? 0 : whole(summary);
  const headline = page.getByRole("status").filter({ hasText: /features\s+drifted/ });
  await expect(headline).toContainText(`${listed} of`);
  // The live recompute is one click away and says what it is.
  await page.getByRole("link", { name: "Recompute now (live)" }).click();
  await expect(page.getByText(/^Live recompute:/)).toBeVisible();
});
