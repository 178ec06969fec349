// Every main page renders what it exists to show with the demo seed (its heading and one piece of real content or its
// honest empty state), and a screenshot of it is saved under e2e/artifacts/screenshots for the README and reviews.
import { expect, test, type Page } from "@playwright/test";
import { demoUser, screenshot, signInAndLand } from "./helpers";

/** What each page must show the owner, given the demo data scripts/start.mjs seeds into the fresh e2e database. */
const pages: { path: string; heading: string; shows: (page: Page) => Promise<void> }[] = [
  {
    path: "overview",
    heading: "Overview",
    shows: async (page) => {
      // The demo's product events: a non-zero session count, and the anomaly feed over the demo's injected incidents.
      const sessions = page.getByRole("main").locator(".card").filter({ has: page.locator(".stat-label", { hasText: /^Product sessions$/ }) });
      await expect(sessions.locator(".stat-value")).toHaveText(/^[1-9][\d,]*$/);
      await expect(page.getByRole("region", { name: "Anomaly feed" }).getByRole("list", { name: "Anomalies" })).toBeVisible();
    },
  },
  {
    path: "traces",
    heading: "Traces",
    shows: async (page) => {
      await expect(page.getByRole("region", { name: "Traces" }).getByRole("row").nth(1)).toBeVisible();
    },
  },
  {
    path: "experiments",
    heading: "Experiments",
    shows: async (page) => {
      await expect(page.getByRole("region", { name: "Experiment list" }).getByRole("row", { name: /Warmer system prompt/ })).toBeVisible();
    },
  },
  {
    path: "monitoring",
    heading: "Monitoring",
    shows: async (page) => {
      await expect(page.getByRole("region", { name: "Open anomalies" }).getByRole("list", { name: "Anomalies" })).toBeVisible();
      await expect(page.getByRole("region", { name: "Alert rules" })).toBeVisible();
    },
  },
  {
    path: "users",
    heading: "Users",
    shows: async (page) => {
      // The demo's end users come in three plans.
      await expect(page.getByRole("heading", { name: "End users by plan" })).toBeVisible();
      for (const plan of ["free", "pro", "team"]) await expect(page.getByRole("row", { name: new RegExp(`^${plan} `) })).toBeVisible();
    },
  },
  {
    path: "spectrum",
    heading: "Spectrum",
    shows: async (page) => {
      await expect(page.getByTestId("spectrum-health")).toContainText("Coverage (last full week)");
      await expect(page.getByTestId("spectrum-engagement").getByRole("heading", { name: "Engagement", exact: true })).toBeVisible();
    },
  },
  {
    path: "jobs",
    heading: "Jobs",
    shows: async (page) => {
      // The e2e server configures no Inngest, so jobs run in process; runs are listed, or the honest empty state says why not.
      await expect(page.getByText("in-process runner", { exact: true })).toBeVisible(); // the card's value (its definition says it too)
      const recent = page.getByRole("region", { name: "Recent runs" });
      await expect(recent.getByRole("table").or(recent.getByText(/^No runs yet/))).toBeVisible();
      await expect(page.getByRole("heading", { name: "Dead-letter queue" })).toBeVisible();
    },
  },
  {
    path: "settings",
    heading: "Settings",
    shows: async (page) => {
      await expect(page.getByRole("region", { name: "Members" }).getByRole("row", { name: new RegExp(demoUser("analyst")) })).toBeVisible();
      await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
    },
  },
];

test("every main page shows its heading and its content for the owner (screenshots saved under e2e/artifacts/screenshots)", async ({ page }) => {
  await signInAndLand(page, "owner");
  for (const { path, heading, shows } of pages) {
    await test.step(path, async () => {
      await page.goto(`/${path}`);
      await expect(page.getByRole("heading", { level: 1, name: heading, exact: true })).toBeVisible();
      await expect(page.getByText("Internal server error")).toHaveCount(0);
      await shows(page);
      await screenshot(page, path);
    });
  }
  await page.goto("/overview");
  await page.getByRole("button", { name: /dark theme/i }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await screenshot(page, "overview-dark");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByRole("heading", { level: 1, name: "Overview", exact: true })).toBeVisible();
  await screenshot(page, "overview-phone");
});

test("the member's Spectrum page at phone width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAndLand(page, "member");
  await expect(page.getByRole("heading", { level: 1, name: "My Spectrum" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your emotional landscape" })).toBeVisible();
  await screenshot(page, "me-phone");
});
