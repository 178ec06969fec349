import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "prism-demo";
export const demoUser = (role: string) => `${role}@demo.prism.dev`;

export async function signIn(page: Page, role: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(demoUser(role));
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAndLand(page: Page, role: string) {
  await signIn(page, role);
  await expect(page).toHaveURL(role === "member" ? /\/me$/ : /\/overview$/);
}

export async function screenshot(page: Page, name: string) {
  // Client panels show "Loading…" until their queries answer; capture the loaded page.
  await expect(page.getByText(/^Loading/)).toHaveCount(0);
  await page.screenshot({ path: `e2e/artifacts/screenshots/${name}.png`, fullPage: true });
}
