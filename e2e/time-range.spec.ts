import { expect, test } from "@playwright/test";
import { screenshot, signInAndLand } from "./helpers";

// One time range for the whole app: picked once, carried by the menu and by drill-down links, applied on every page
// that reads a window, and compared with the previous period on the KPIs.
test("a range picked on Overview follows the menu and drill-downs to Costs, Traces and Sessions", async ({ page }) => {
  await signInAndLand(page, "analyst");
  const picker = page.getByRole("navigation", { name: "Time range" });
  await picker.getByRole("link", { name: "7d" }).click();
  await expect(page).toHaveURL(/\/overview\?range=7d$/);
  await expect(picker.getByRole("link", { name: "7d" })).toHaveAttribute("aria-current", "page");
  await picker.getByRole("button", { name: /Compare to previous/ }).click();
  await expect(page).toHaveURL(/range=7d&compare=previous/);
  // Each KPI shows the previous period (the demo has more than 14 days of events, so a change, not "no data").
  const kpis = page.locator(".grid-4 .card");
  await expect(kpis.first().getByTestId("period-change")).toContainText(/Previous: [\d,]+/);
  await expect(page.getByRole("heading", { name: "Daily sessions and active users" })).toBeVisible();
  await expect(page.getByTestId("partial-days-note")).toContainText("days the range covers only in part");

  // The menu carries the range to Costs.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "LLM costs" }).click();
  await expect(page).toHaveURL(/\/costs\?range=7d&compare=previous$/);
  await expect(page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "7d" })).toHaveAttribute("aria-current", "page");
  await expect(page.locator('[aria-label="Totals"] .card').first().getByTestId("period-change")).toBeVisible();

  // A drill-down (model → traces) carries it too, and the trace list says which window it counts.
  const model = page.getByTestId("cost-by-model").getByRole("link").first();
  await model.click();
  await expect(page).toHaveURL(/\/traces\?model=[^&]+&range=7d&compare=previous$/);
  await expect(page.locator(".list-total")).toContainText("last 7 days");
  await expect(page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "7d" })).toHaveAttribute("aria-current", "page");

  // Traces through the menu: same range.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Traces", exact: true }).click();
  await expect(page).toHaveURL(/\/traces\?range=7d&compare=previous$/);
  await expect(page.locator(".list-total")).toContainText("last 7 days");

  // Switch to 30d on Traces; Sessions through the menu keeps it, and a session's trace count equals the traces listed
  // for it in that window.
  await page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "30d" }).click();
  await expect(page).toHaveURL(/range=30d/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sessions" }).click();
  // The Sessions list over 30 days is the slowest read here on a loaded machine.
  await expect(page).toHaveURL(/\/sessions\?range=30d/, { timeout: 60_000 });
  const first = page.getByRole("region", { name: "Sessions" }).locator("tbody tr").first();
  await expect(first).toBeVisible();
  const countLink = first.locator("td").nth(2).getByRole("link");
  const count = (await countLink.innerText()).replace(/,/g, "");
  await countLink.click();
  await expect(page).toHaveURL(/\/traces\?sessionId=.+&range=30d/);
  await expect(page.locator(".list-total strong")).toHaveText(new RegExp(`^${count} traces?$`));
});

test("a hand-edited range falls back to the default with a message, never an error page", async ({ page }) => {
  await signInAndLand(page, "viewer");
  await page.goto("/costs?range=14d");
  await expect(page.getByRole("alert").filter({ hasText: "Time range ignored" })).toContainText("range: must be one of 24h, 7d, 30d, 90d");
  await expect(page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "7d" })).toHaveAttribute("aria-current", "page");
  await page.goto("/overview?from=2026-13-01");
  await expect(page.getByRole("alert").filter({ hasText: "Time range ignored" })).toContainText("is not a date");
});

test("a custom range applies from the picker's form", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/traces?range=30d");
  const today = new Date();
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const from = day(new Date(today.getTime() - 3 * 86_400_000));
  await page.getByText("Custom range").click();
  const form = page.getByRole("form", { name: "Custom time range" });
  await form.getByLabel("From (UTC)").fill(from);
  await form.getByLabel("To (UTC, included)").fill(day(today));
  await form.getByRole("button", { name: "Apply range" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${from}&to=${day(today)}`));
  await expect(page.locator(".list-total")).toContainText(`${from} – ${day(today)} (UTC)`);
});

for (const width of [1440, 390]) {
  test(`screenshots of the range-aware pages at ${width} px, no overflow on phones`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signInAndLand(page, "analyst");
    for (const path of ["/overview?range=7d&compare=previous", "/costs?range=30d&compare=previous", "/traces?range=24h", "/sessions?range=7d"]) {
      await page.goto(path);
      await expect(page.getByTestId("range-picker")).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} is wider than the viewport`).toBeLessThanOrEqual(0);
      await screenshot(page, `time-range-${path.split("?")[0].slice(1)}-${width}`);
    }
  });
}

test("Sentiment, Judgments and Personas read the app's range (no From/To of their own): picked once, carried by the menu and the drill-downs", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/users/sentiment");
  const picker = page.getByRole("navigation", { name: "Time range" });
  await expect(picker.getByRole("link", { name: "7d" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("form", { name: "Sentiment filters" }).getByLabel(/^From/)).toHaveCount(0);
  await picker.getByRole("link", { name: "30d" }).click();
  await expect(page).toHaveURL(/\/users\/sentiment\?range=30d$/);
  await expect(page.getByText(/analysed traces, last 30 days/)).toBeVisible();
  // Another grouping keeps the range; the drill-down lists the traces of the same window.
  await page.getByRole("combobox", { name: "Group by" }).selectOption("name");
  await page.getByRole("form", { name: "Sentiment filters" }).getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/groupBy=name/);
  expect(new URL(page.url()).searchParams.get("range")).toBe("30d");
  await expect(page.getByRole("link", { name: "Negative traces" })).toHaveAttribute("href", /\/traces\?sentiment=negative&range=30d$/);

  const menu = page.getByRole("navigation", { name: "Main" });
  await menu.getByRole("link", { name: "Judgments" }).click();
  await expect(page).toHaveURL(/\/judgments\?range=30d$/);
  await expect(page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "30d" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("form", { name: "Filter judgments" }).getByLabel(/^From/)).toHaveCount(0);
  await menu.getByRole("link", { name: "Personas" }).click();
  await expect(page).toHaveURL(/\/insights\/personas\?range=30d$/);
  await expect(page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "30d" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText(/traces, last 30 days/).first()).toBeVisible();
});

test("Spectrum, Personalization, Users, Monitoring and Anomalies follow the app's range: picked once, carried by the menu, lists filtered", async ({ page }) => {
  await signInAndLand(page, "admin");
  const picker = () => page.getByRole("navigation", { name: "Time range" });
  const menu = page.getByRole("navigation", { name: "Main" });
  await page.goto("/spectrum?range=30d");
  await expect(picker().getByRole("link", { name: "30d" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { name: "Spectrum engagement, last 30 days" })).toBeVisible();
  await expect(page.locator(".stat-label", { hasText: /^Cost per user$/ })).toBeVisible();
  // The window a KPI covers is in its definition popover.
  await page.getByRole("button", { name: "How Cost per user is computed" }).click();
  await expect(page.getByRole("note").filter({ hasText: "Window: insights created in the 720 hours up to now (last 30 days)" })).toBeVisible();
  await page.keyboard.press("Escape");

  await menu.getByRole("link", { name: "Personalization" }).click();
  await expect(page).toHaveURL(/\/personalization\?range=30d$/);
  await expect(page.getByRole("heading", { name: "Click-through, last 30 days" })).toBeVisible();
  await picker().getByRole("link", { name: "24h" }).click();
  await expect(page).toHaveURL(/\/personalization\?range=24h$/);
  await expect(page.getByRole("heading", { name: "Click-through, last 24 hours" })).toBeVisible();

  // Users: the list holds the users seen in the range; a longer range lists at least as many.
  await menu.getByRole("link", { name: "Users", exact: true }).click();
  await expect(page).toHaveURL(/\/users\?range=24h$/);
  await expect(page.getByText(/the list: users seen last 24 hours/)).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Signed up, last 24 hours" })).toBeVisible();
  const rowsIn = async () => page.getByRole("region", { name: "End users" }).locator("tbody tr").count();
  const day = await rowsIn();
  await picker().getByRole("link", { name: "90d" }).click();
  await expect(page).toHaveURL(/\/users\?range=90d$/);
  await expect(page.getByText(/the list: users seen last 90 days/)).toBeVisible();
  expect(await rowsIn()).toBeGreaterThanOrEqual(day);
  // The search form keeps the range.
  await page.getByRole("form", { name: "Search users" }).getByRole("button", { name: "Apply" }).click();
  expect(new URL(page.url()).searchParams.get("range")).toBe("90d");

  // Monitoring and Anomalies: the feed lists and counts the incidents overlapping the range.
  await menu.getByRole("link", { name: "Monitoring", exact: true }).click();
  await expect(page).toHaveURL(/\/monitoring\?range=90d/);
  await expect(page.getByRole("heading", { name: "Open anomalies, last 90 days" })).toBeVisible();
  await page.getByRole("link", { name: "All anomalies and sensitivity" }).click();
  await expect(page).toHaveURL(/\/monitoring\/anomalies\?range=90d$/);
  await expect(page.getByText(/incidents overlapping the last 90 days/)).toBeVisible();
  const openCount = async () => Number((await page.getByRole("navigation", { name: "Open anomalies by severity" }).getByRole("link", { name: /open in all/ }).locator("strong").innerText()).replace(/,/g, ""));
  const ninety = await openCount();
  // A severity filter link keeps the range.
  await expect(page.getByRole("navigation", { name: "Open anomalies by severity" }).getByRole("link", { name: /Critical/ })).toHaveAttribute("href", /range=90d/);
  await picker().getByRole("link", { name: "24h" }).click();
  await expect(page).toHaveURL(/\/monitoring\/anomalies\?range=24h$/);
  await expect(page.getByText(/incidents overlapping the last 24 hours/)).toBeVisible();
  expect(await openCount()).toBeLessThanOrEqual(ninety);
});

test("compare to previous is offered only where the page shows previous values (Overview, Costs)", async ({ page }) => {
  await signInAndLand(page, "admin");
  const compare = () => page.getByRole("navigation", { name: "Time range" }).getByRole("button", { name: /Compare to previous/ });
  for (const path of ["/overview", "/costs"]) {
    await page.goto(`${path}?range=7d`);
    await expect(compare(), path).toBeVisible();
  }
  for (const path of ["/traces", "/sessions", "/judgments", "/users", "/users/sentiment", "/insights/personas", "/monitoring/anomalies", "/spectrum", "/personalization"]) {
    await page.goto(`${path}?range=7d`);
    await expect(page.getByRole("navigation", { name: "Time range" }), path).toBeVisible();
    await expect(compare(), path).toHaveCount(0);
  }
  // A comparison picked on Overview is kept by the menu through a page that does not show it, and is back on Costs.
  await page.goto("/overview?range=7d&compare=previous");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Traces", exact: true }).click();
  await expect(page).toHaveURL(/\/traces\?range=7d&compare=previous$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "LLM costs" }).click();
  await expect(compare()).toHaveAttribute("aria-pressed", "true");
});

test("every KPI card has its definition popover, from the metric catalog (trace, session, churn, experiment, Jobs)", async ({ page }) => {
  await signInAndLand(page, "admin");
  const everyCardHasOne = async (path: string) => {
    // KPI cards: a card whose own child is the value (a section card holding several KPIs is not one).
    const cards = page.locator(".card:has(> .stat-value-box)");
    await expect(cards.first(), path).toBeVisible();
    const n = await cards.count();
    for (let i = 0; i < n; i++) await expect(cards.nth(i).getByRole("button", { name: /^How .+ is computed$/ }), `${path} card ${i}`).toHaveCount(1);
  };
  await page.goto("/traces?range=30d");
  await page.locator("tbody tr").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/traces\/[^?]+/);
  await everyCardHasOne("trace");
  await page.getByRole("button", { name: "How Latency is computed" }).click();
  await expect(page.getByRole("note").filter({ hasText: "Window: this trace" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.goto("/sessions?range=30d");
  await page.getByRole("region", { name: "Sessions" }).locator("tbody tr").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/sessions\/[^?]+/);
  await everyCardHasOne("session");
  await page.goto("/users/churn");
  if (await page.locator(".stat-value").count()) await everyCardHasOne("churn");
  await page.goto("/experiments");
  await page.getByRole("table").first().locator("tbody tr").first().getByRole("link").first().click();
  await everyCardHasOne("experiment");
  await page.goto("/jobs");
  await everyCardHasOne("jobs");
});

test("a KPI value never breaks inside a word at 390 px (the experiment's engine)", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  await signInAndLand(page, "analyst");
  await page.goto("/experiments");
  await page.getByRole("table").first().locator("tbody tr").first().getByRole("link").first().click();
  const engine = page.locator(".card").filter({ has: page.locator(".stat-label", { hasText: /^Engine$/ }) }).locator(".stat-value");
  await expect(engine).toBeVisible();
  // One word on one line: the value's box is one line high and its text does not overflow it.
  const box = await engine.evaluate((el) => ({ height: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.3, over: el.scrollWidth - el.clientWidth }));
  expect(box.height).toBeLessThan(box.line * 1.5);
  expect(box.over).toBeLessThanOrEqual(0);
  await screenshot(page, "time-range-experiment-engine-390");
});

for (const width of [1440, 390]) {
  test(`screenshots of the pages that now follow the range at ${width} px, no overflow on phones`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signInAndLand(page, "admin");
    for (const path of ["/spectrum?range=30d", "/personalization?range=30d", "/users?range=7d", "/monitoring?range=30d", "/monitoring/anomalies?range=30d", "/insights/personas?range=7d"]) {
      await page.goto(path);
      await expect(page.getByTestId("range-picker")).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} is wider than the viewport`).toBeLessThanOrEqual(0);
      await screenshot(page, `time-range-${path.split("?")[0].slice(1).replace(/\//g, "-")}-${width}`);
    }
  });
}
