import { expect, test } from "@playwright/test";
import { screenshot, signInAndLand } from "./helpers";

test("the demo member sees their landscape, insight feed and monthly summary, excludes a session, then resets", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAndLand(page, "member");
  const landscape = page.getByTestId("landscape");
  await expect(landscape.getByRole("heading", { name: "Your emotional landscape" })).toBeVisible();
  await expect(landscape.locator(".recharts-area")).toHaveCount(4); // the four most present moods, one small chart each
  // On a phone the feed shows the latest 3 cards; "Show older" (a real button, keyboard operable) opens the rest.
  const feed = page.getByTestId("feed");
  const cards = feed.locator(".spectrum-card");
  await expect(cards).toHaveCount(3);
  await expect(cards.first()).toContainText(/sessions|conversations/);
  await expect(page.getByTestId("teaser")).toContainText("Monthly deep dive · paid feature");
  const monthly = page.getByTestId("monthly");
  await expect(monthly.getByRole("heading", { name: /Monthly summary · \d{4}-\d{2}/ })).toBeVisible();
  await expect(monthly.getByText("Most present moods")).toBeVisible();
  await expect(page.getByTestId("patterns").locator(".recharts-bar-rectangle").first()).toBeVisible();
  // Without VAPID keys (as here) the push opt-in explains that push is not configured, with no button.
  const push = page.getByTestId("push-opt-in");
  await expect(push.getByTestId("push-not-configured")).toContainText("push is not configured on this server");
  await expect(push.getByRole("button")).toHaveCount(0);
  await screenshot(page, "spectrum-me-phone");
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThan(4500);

  const older = feed.getByRole("button", { name: /^Show older \(\d+\)$/ });
  await expect(older).toHaveAttribute("aria-expanded", "false");
  await older.focus();
  await page.keyboard.press("Enter");
  expect(await cards.count()).toBeGreaterThanOrEqual(8);
  const fewer = feed.getByRole("button", { name: "Show fewer" });
  await expect(fewer).toHaveAttribute("aria-expanded", "true");
  await expect(fewer).toBeFocused();
  await page.keyboard.press("Space");
  await expect(cards).toHaveCount(3);
  const readMore = cards.first().getByRole("button", { name: "Read more" });
  if (await readMore.count()) {
    await readMore.click();
    await expect(cards.first().getByRole("button", { name: "Read less" })).toHaveAttribute("aria-expanded", "true");
  }

  const sessions = page.getByTestId("sessions");
  const first = sessions.locator("li[data-session-id]").first();
  const id = await first.getAttribute("data-session-id");
  await first.getByRole("button", { name: /^Exclude/ }).click();
  await expect(sessions.locator(`li[data-session-id="${id}"]`)).toHaveCount(0);
  await expect(page.getByTestId("exclusions")).toContainText(`Session ${id}`);
  const api = await (await page.request.get("/api/v1/spectrum/me")).json();
  expect(api.sessions.map((s: { id: string }) => s.id)).not.toContain(id);

  await page.getByRole("button", { name: "Reset my Spectrum" }).click();
  await page.getByRole("button", { name: "Yes, reset my Spectrum" }).click();
  await expect(landscape.getByText(/No analysed conversations yet/)).toBeVisible();
  await expect(page.getByTestId("feed").locator(".spectrum-card")).toHaveCount(0);
  await expect(page.getByText(/Last reset:/)).toBeVisible();
});

test("a member cannot reach another user's Spectrum or the dashboard", async ({ page }) => {
  await signInAndLand(page, "member");
  const mine = await (await page.request.get("/api/v1/spectrum/me")).json();
  expect(mine.userId).toBe("user_0001");
  expect((await page.request.get("/api/v1/spectrum/users/user_0002")).status()).toBe(401);
  expect((await page.request.post("/api/v1/users/user_0002/erase", { data: {} })).status()).toBe(403);
  await page.goto("/spectrum");
  await expect(page).toHaveURL(/\/me$/);
});

test("an admin sees Spectrum health without any end user's text", async ({ page }) => {
  await signInAndLand(page, "admin");
  await page.goto("/spectrum?range=30d");
  const health = page.getByTestId("spectrum-health");
  // The card's label (its definition popover repeats the label in bold).
  await expect(health.locator(".stat-label", { hasText: "Coverage (last full week)" })).toBeVisible();
  await expect(health.getByText(/local template generator/)).toBeVisible();
  // Engagement analytics from the demo members' engagement events (and the member test's page views).
  const engagement = page.getByTestId("spectrum-engagement");
  await expect(engagement.getByRole("row", { name: /^Page views \d+ \d+$/ })).toBeVisible();
  await expect(engagement.getByText(/Last 30 days: \d+ of \d+ members who saw the monthly deep-dive teaser upgraded afterwards/)).toBeVisible();
  const retention = page.getByTestId("spectrum-retention");
  await expect(retention.getByRole("heading", { name: "Retention: Spectrum users vs others" })).toBeVisible();
  await expect(retention.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(retention.getByRole("row", { name: /^Week 1 .*\d+ of \d+/ })).toBeVisible();
  await screenshot(page, "spectrum-health");
});
