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

/** A stat card's value by its label. */
const statCard = (page: Page, label: string) => page.locator(".card").filter({ has: page.locator(".stat-label", { hasText: new RegExp(`^${label}$`) }) });

test("the Overview's KPIs equal the Overview API over the same range", async ({ page }) => {
  await signInAndLand(page, "analyst");
  // A fixed custom range (whole UTC days through tomorrow), so the page and the API read the same window.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const range = `from=${day(-60)}&to=${day(1)}`;
  await page.goto(`/overview?${range}`);
  const api = await (await page.request.get(`/api/v1/overview?${range}`)).json();
  expect(whole(await statValue(page, "Product sessions"))).toBe(api.totals.sessions);
  expect(whole(await statValue(page, "Messages"))).toBe(api.totals.messages);
  await expect(statCard(page, "Thumbs-up rate").locator(".muted.small").first()).toHaveText(`${api.totals.feedbackCount.toLocaleString("en-US")} ratings`);
  expect(api.totals.sessions).toBeGreaterThan(0);
});

test("the Costs totals equal its By project row and the sum of its By model rows", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/costs?range=30d");
  const calls = whole(await statValue(page, "Model calls"));
  const cost = await statValue(page, "Model-call cost");
  const current = page.getByTestId("cost-by-project").locator('tr[aria-current="true"]');
  await expect(current.locator("td").nth(1)).toHaveText(calls.toLocaleString("en-US"));
  await expect(current.locator("td").nth(3)).toHaveText(cost);
  const byModel = await page.getByTestId("cost-by-model").locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll("td")[1]?.textContent ?? "0"));
  expect(byModel.reduce((s, c) => s + whole(c), 0)).toBe(calls);
});

test("a top user's traces on Costs equal the traces list it links to", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/costs?range=30d");
  const row = page.getByRole("region", { name: "Top users by cost" }).locator("tbody tr").first();
  const traces = whole(await row.locator("td").nth(1).innerText());
  await row.getByRole("link").click();
  await expect(page).toHaveURL(/\/traces\?userId=[^&]+&range=30d/);
  expect(whole(await page.locator(".list-total strong").innerText())).toBe(traces);
});

test("a user's traces agree on the Users list, the user page and the traces list the page links to", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/users?sort=traces");
  const row = page.getByRole("region", { name: "End users" }).locator("tbody tr").first();
  const listed = whole(await row.locator("td").nth(5).innerText());
  await row.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/users\/[^/?]+/);
  expect(whole(await statValue(page, "Traces"))).toBe(listed);
  await page.getByRole("link", { name: `All ${listed.toLocaleString("en-US")} of this user's traces` }).click();
  expect(whole(await page.locator(".list-total strong").innerText())).toBe(listed);
});

test("Spectrum admin: the conversion card counts the members the engagement table shows seeing the teaser", async ({ page }) => {
  await signInAndLand(page, "admin");
  await page.goto("/spectrum?range=30d");
  const engagement = page.getByTestId("spectrum-engagement");
  const members = whole(await engagement.getByRole("row", { name: /^Deep-dive teaser seen/ }).locator("td").nth(2).innerText());
  await expect(engagement.getByText(new RegExp(`Last 30 days: \\d+ of ${members} members who saw`))).toBeVisible();
});

test("the Jobs page lists the runs the pages cite: Spectrum's weekly job and the forecasts job", async ({ page }) => {
  await signInAndLand(page, "admin");
  await page.goto("/spectrum");
  const sla = await statCard(page, "Weekly job SLA").locator(".muted.small").innerText();
  const [, succeeded] = /(\d+) of \d+ runs? succeeded/.exec(sla) ?? [];
  await page.goto("/monitoring/forecasts");
  await expect(page.getByText(/by the daily monitoring-forecasts job/)).toBeVisible();
  await page.goto("/jobs");
  const perJob = page.getByRole("region", { name: "Durations per job" });
  const weekly = perJob.locator("tr").filter({ has: page.locator("td", { hasText: /^spectrum-weekly$/ }) });
  await expect(weekly.locator("td").nth(2)).toHaveText(succeeded);
  const forecasts = perJob.locator("tr").filter({ has: page.locator("td", { hasText: /^monitoring-forecasts$/ }) });
  expect(whole(await forecasts.locator("td").nth(2).innerText())).toBeGreaterThanOrEqual(1);
});

test("each experiment's traffic-split check agrees on the experiments list and its page", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/experiments");
  const rows = page.getByRole("region", { name: "Experiment list" }).locator("tbody tr");
  const listed = await rows.evaluateAll((trs) => trs.map((tr) => ({ href: tr.querySelector("a")?.getAttribute("href") ?? "", split: tr.querySelectorAll("td")[4]?.textContent?.trim() ?? "" })));
  expect(listed.length).toBeGreaterThanOrEqual(2);
  for (const e of listed) {
    await page.goto(e.href);
    const expected = e.split === "SRM warning" ? "Mismatch" : e.split === "OK" ? "OK" : "—";
    await expect(statCard(page, "Traffic split check").locator(".stat-value")).toHaveText(expected);
  }
});

test("the Overview's anomaly feed and the Monitoring page list the anomalies page's first active anomalies, in its order", async ({ page }) => {
  await signInAndLand(page, "analyst");
  const ids = async (where: ReturnType<Page["locator"]>) => {
    await expect(where.locator("li.anomaly-item").first()).toBeVisible();
    return where.locator("li.anomaly-item").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-id")));
  };
  const overview = await ids(page.getByRole("region", { name: "Anomaly feed" }));
  await page.goto("/monitoring");
  const monitoring = await ids(page.getByRole("region", { name: "Open anomalies" }));
  // Both feeds show the active anomalies (open or acknowledged), most severe first.
  await page.goto("/monitoring/anomalies?status=active");
  const all = await ids(page.locator("main"));
  expect(overview).toEqual(all.slice(0, overview.length));
  expect(monitoring).toEqual(all.slice(0, monitoring.length));
  expect(overview.length).toBeGreaterThan(0);
});
