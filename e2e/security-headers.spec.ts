// The production server's security headers, and that the app still renders and runs scripts under its CSP.
import { expect, test } from "@playwright/test";
import { signInAndLand } from "./helpers";

test("pages carry CSP, framing, sniffing and referrer headers, and the app works under the CSP", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(msg.text())) violations.push(msg.text());
  });
  const signin = await page.goto("/signin");
  const headers = signin!.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Served over plain HTTP in the test: no HSTS.
  expect(headers["strict-transport-security"]).toBeUndefined();

  await signInAndLand(page, "owner");
  await page.goto("/settings");
  await expect(page.getByRole("heading").first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("the settings page cannot be framed by another site", async ({ page }) => {
  const res = await page.request.get("/settings");
  expect(res.headers()["x-frame-options"]).toBe("DENY");
  expect(res.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

test("API JSON replies are not cached", async ({ page }) => {
  const health = await page.request.get("/api/health");
  expect(health.headers()["cache-control"]).toBe("no-store");
  const refused = await page.request.get("/api/v1/members");
  expect(refused.status()).toBe(401);
  expect(refused.headers()["cache-control"]).toBe("no-store");
  expect(refused.headers()["x-content-type-options"]).toBe("nosniff");
});
