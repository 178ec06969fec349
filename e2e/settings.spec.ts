import { expect, test } from "@playwright/test";
import { signInAndLand } from "./helpers";

test("an admin creates an API key, sees the secret once, uses it, revokes it; the audit log shows both", async ({ page }) => {
  await signInAndLand(page, "admin");
  await page.goto("/settings");
  await page.getByLabel("Key name").fill("e2e key");
  await page.getByRole("button", { name: "Create key" }).click();
  const banner = page.getByTestId("new-api-key");
  await expect(banner).toContainText("secret: sk-prism-");
  const secret = (await banner.locator(".mono").nth(1).innerText()).replace("secret: ", "").trim();

  const ingest = (id: string) =>
    page.request.post("/api/v1/ingest", {
      headers: { authorization: `Bearer ${secret}` },
      data: { batch: [{ id, type: "event", timestamp: new Date().toISOString(), body: { name: "e2e" } }] },
    });
  expect((await ingest("e2e-1")).status()).toBe(207);

  const row = page.getByRole("row", { name: /e2e key/ });
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row.getByText("revoked")).toBeVisible();
  expect((await ingest("e2e-2")).status()).toBe(401);

  await page.reload();
  const audit = page.getByRole("region", { name: "Audit log" });
  await expect(audit.getByText("api_key.revoked")).toBeVisible();
  await expect(audit.getByText("api_key.created")).toBeVisible();
});

test("an admin adds a member with a role; a bad email is refused with a clear message", async ({ page }) => {
  await signInAndLand(page, "admin");
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Add member" });
  await form.getByLabel("Email").fill("new.analyst@example.test");
  await form.getByLabel("Role").selectOption("analyst");
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("status")).toContainText("Added new.analyst@example.test");
  const members = page.getByRole("region", { name: "Members" });
  await expect(members.getByRole("row", { name: /new\.analyst@example\.test/ })).toBeVisible();
  await expect(members.getByRole("combobox", { name: "Role of new.analyst@example.test" })).toHaveValue("analyst");

  await form.getByLabel("Email").fill("not-an-email");
  await form.evaluate((f: HTMLFormElement) => f.requestSubmit());
  await expect(page.getByRole("alert").filter({ hasText: "email" })).toContainText("email: must be an email address");
});
