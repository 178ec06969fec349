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
  // Revoking asks for the key's name first: the action stays disabled until it is typed.
  const dialog = page.getByRole("dialog", { name: "Revoke the key “e2e key”?" });
  await expect(dialog.getByRole("button", { name: "Revoke key" })).toBeDisabled();
  await dialog.getByLabel(/Type .* to confirm/).fill("e2e key");
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByText("revoked")).toBeVisible();
  expect((await ingest("e2e-2")).status()).toBe(401);

  await page.reload();
  const audit = page.getByRole("region", { name: "Audit log" });
  // Other specs create keys too: find this key's own rows (its details name it).
  await expect(audit.getByRole("row").filter({ hasText: "api_key.created" }).filter({ hasText: '"name":"e2e key"' })).toHaveCount(1);
  await expect(audit.getByRole("row").filter({ hasText: "api_key.revoked" }).first()).toBeVisible();
});

test("an admin invites a member with a role; the invitee accepts by creating their account; a bad email is refused", async ({ page, browser }) => {
  await signInAndLand(page, "admin");
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Invite member" });
  await form.getByLabel("Email").fill("new.analyst@example.test");
  await form.getByLabel("Role").selectOption("analyst");
  await form.getByRole("button", { name: "Invite" }).click();
  const banner = page.getByTestId("new-invitation");
  await expect(banner).toContainText("Invited new.analyst@example.test as analyst");
  const link = (await banner.locator(".mono").innerText()).trim();
  expect(link).toMatch(/\/invite#token=/);
  await expect(page.getByRole("table", { name: "Pending invitations" }).getByRole("row", { name: /new\.analyst@example\.test/ })).toBeVisible();
  const members = page.getByRole("region", { name: "Members" });
  await expect(members.getByRole("combobox", { name: "Role of new.analyst@example.test" })).toHaveCount(0); // invited, not a member yet

  // The invitee, in a browser of their own, opens the link and creates their account.
  const invitee = await browser.newContext();
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(link);
  await expect(inviteePage.getByText(/invited to join .* as analyst/)).toBeVisible();
  await inviteePage.getByLabel("Your name").fill("New Analyst");
  await inviteePage.getByLabel("Choose a password").fill("a long enough password");
  await inviteePage.getByRole("button", { name: "Create account and join" }).click();
  await expect(inviteePage).toHaveURL(/\/overview$/);
  await invitee.close();

  await page.reload();
  const role = members.getByRole("combobox", { name: "Role of new.analyst@example.test" });
  await expect(role).toHaveValue("analyst");
  // A role change is confirmed first; cancelling leaves the role as it was.
  await role.selectOption("viewer");
  const confirmRole = page.getByRole("dialog", { name: "Make new.analyst@example.test a viewer?" });
  await confirmRole.getByRole("button", { name: "Cancel" }).click();
  await expect(confirmRole).toBeHidden();
  await expect(role).toHaveValue("analyst");
  await role.selectOption("viewer");
  await confirmRole.getByRole("button", { name: "Change role" }).click();
  await expect(role).toHaveValue("viewer");
  await expect(page.getByRole("table", { name: "Pending invitations" })).toHaveCount(0);

  await form.getByLabel("Email").fill("not-an-email");
  await form.evaluate((f: HTMLFormElement) => f.requestSubmit());
  await expect(page.getByRole("alert").filter({ hasText: "email" })).toContainText("email: must be an email address");
});
