import { expect, test } from "@playwright/test";
import { signIn, signInAndLand, demoUser } from "./helpers";

const nav = (page: import("@playwright/test").Page) => page.getByRole("navigation", { name: "Main" });

test("a wrong password gets a clear message and no session", async ({ page }) => {
  await signIn(page, "viewer", "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
  await page.goto("/overview");
  await expect(page).toHaveURL(/\/signin$/);
});

for (const role of ["owner", "admin", "analyst", "viewer"] as const) {
  test(`${role} signs in, sees the dashboard their role allows, and signs out`, async ({ page }) => {
    await signInAndLand(page, role);
    await expect(page.getByTestId("current-user")).toHaveText(demoUser(role));
    await expect(page.getByTestId("current-role")).toHaveText(role);
    for (const item of ["Overview", "Traces", "Experiments", "Monitoring", "Users", "Spectrum", "Jobs", "Settings"]) {
      await expect(nav(page).getByRole("link", { name: item, exact: true })).toBeVisible();
    }
    await expect(page.locator(".stat-label", { hasText: "Product sessions" })).toBeVisible();

    await page.goto("/settings");
    const admin = role === "owner" || role === "admin";
    await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "API keys" })).toHaveCount(admin ? 1 : 0);
    await expect(page.getByRole("heading", { name: "Audit log" })).toHaveCount(admin ? 1 : 0);
    await expect(page.getByRole("form", { name: "Invite member" })).toHaveCount(admin ? 1 : 0);

    await page.goto("/jobs");
    await expect(page.getByRole("heading", { name: "Dead-letter queue" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Run housekeeping now" })).toHaveCount(admin ? 1 : 0);

    // The API agrees with the UI: under-privileged roles are refused.
    const keys = await page.request.get("/api/v1/api-keys");
    expect(keys.status()).toBe(admin ? 200 : 403);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.goto("/overview");
    await expect(page).toHaveURL(/\/signin$/);
  });
}

test("a member sees only their own Spectrum page, never the dashboard", async ({ page }) => {
  await signInAndLand(page, "member");
  await expect(page.getByRole("heading", { name: "My Spectrum" })).toBeVisible();
  for (const path of ["/overview", "/settings", "/jobs", "/traces"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/me$/);
  }
  expect((await page.request.get("/api/v1/members")).status()).toBe(403);
  expect((await page.request.get("/api/v1/jobs")).status()).toBe(403);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
});
