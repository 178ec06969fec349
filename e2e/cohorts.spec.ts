import { expect, test } from "@playwright/test";
import { screenshot, signInAndLand } from "./helpers";

test("an analyst builds a cohort from a definition, sees a bad node named, and refreshes its membership", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/users/cohorts");
  const form = page.getByRole("form", { name: "New cohort" });
  const name = `E2E pro users ${Date.now()}`;
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Definition", { exact: true }).fill('{ "all": [{ "trait": "plan", "op": "bogus", "value": "pro" }] }');
  await form.getByRole("button", { name: "Save cohort" }).click();
  await expect(form.getByRole("alert")).toContainText("definition.all.0.op");

  await form.getByLabel("Definition", { exact: true }).fill('{ "trait": "plan", "op": "eq", "value": "pro" }');
  await form.getByRole("button", { name: "Save cohort" }).click();
  await expect(form.getByText("Saved; membership is being computed.")).toBeVisible();
  await page.getByRole("region", { name: "Cohorts" }).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByRole("button", { name: "Refresh now" }).click();
  await expect(page.locator(".stat-value")).toHaveText(/^[1-9][\d,]*$/);
  await expect(page.getByRole("region", { name: "Members" }).getByRole("listitem").first()).toBeVisible();
  await screenshot(page, "cohort-detail");
});

test("retention reads as a triangle from the URL's controls", async ({ page }) => {
  await signInAndLand(page, "viewer");
  await page.goto("/users/retention?start=session_started&return=message_sent&period=week&periods=4&breakdown=plan");
  const triangle = page.getByRole("table", { name: "Retention by start period" }).first();
  await expect(triangle.getByRole("row")).not.toHaveCount(1);
  await expect(page.getByRole("heading", { name: "Retention curve" })).toBeVisible();
  await expect(page.getByLabel("Start event")).toHaveValue("session_started");
  await screenshot(page, "retention");
});

test("a funnel shows its steps and saves the users who dropped as a cohort", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/users/funnel?step=session_started&step=message_sent&step=feedback&window=86400");
  const steps = page.getByRole("table", { name: "Funnel steps" }).first();
  await expect(steps.getByRole("row")).toHaveCount(4);
  await screenshot(page, "funnel");
  await steps.getByRole("button", { name: "Save dropped users as cohort" }).first().click();
  // Finding the dropped users runs the funnel again: slow on the embedded database (seconds), so wait for it.
  await expect(steps.getByRole("link", { name: "Saved cohort" })).toBeVisible({ timeout: 90_000 });
});
