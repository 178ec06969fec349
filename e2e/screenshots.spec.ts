import { expect, test } from "@playwright/test";
import { screenshot, signInAndLand } from "./helpers";

const pages = ["overview", "traces", "experiments", "monitoring", "users", "spectrum", "jobs", "settings"];

test("every main page renders for the owner (screenshots saved under e2e/artifacts/screenshots)", async ({ page }) => {
  await signInAndLand(page, "owner");
  for (const name of pages) {
    await page.goto(`/${name}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByText("Internal server error")).toHaveCount(0);
    await screenshot(page, name);
  }
  await page.goto("/overview");
  await page.getByRole("button", { name: /dark theme/i }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await screenshot(page, "overview-dark");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await screenshot(page, "overview-phone");
});

test("the member's Spectrum page at phone width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAndLand(page, "member");
  await screenshot(page, "me-phone");
});
