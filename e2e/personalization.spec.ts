// The Personalization page's click-through per variant, the demo's ranking experiment analysed on its page, and a
// user's top-3 persona suggestions on the user page, with the demo seed; screenshots at 1440 and 390 px.
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAndLand } from "./helpers";

const widths = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
];

async function at(page: Page, width: number, height: number) {
  await page.setViewportSize({ width, height });
}

for (const w of widths) {
  test(`personalization click-through, ranking experiment and persona suggestions (${w.name})`, async ({ page }) => {
    await at(page, w.width, w.height);
    await signInAndLand(page, "owner");

    await page.goto("/personalization?range=30d");
    const ctr = page.getByRole("region", { name: "Click-through", exact: true });
    await expect(ctr.getByRole("heading", { name: "Click-through, last 30 days" })).toBeVisible();
    const table = ctr.getByTestId("click-through-table");
    for (const variant of ["default", "relevance"]) await expect(table.getByRole("row", { name: new RegExp(`ranking-diversity · ${variant}`) })).toContainText(/\d+% \(\d+ of \d+; 95% CI/);
    await screenshot(page, `personalization-ctr-${w.name}`);
    await ctr.screenshot({ path: `e2e/artifacts/screenshots/personalization-ctr-card-${w.name}.png` });

    await table.getByRole("link", { name: "ranking-diversity" }).first().click();
    await expect(page).toHaveURL(/\/experiments\/ranking-diversity$/);
    await expect(page.getByText("Recommendation click-through").first()).toBeVisible();
    await screenshot(page, `experiment-ranking-${w.name}`);

    await page.goto("/users/user_0001");
    const personas = page.getByTestId("persona-suggestions");
    await expect(personas.getByRole("heading", { name: "Persona suggestions" })).toBeVisible();
    await expect(personas.locator("ol > li")).toHaveCount(3);
    await expect(personas).toContainText("the requirements' defaults");
    await screenshot(page, `user-personas-${w.name}`);
    await personas.screenshot({ path: `e2e/artifacts/screenshots/user-personas-card-${w.name}.png` });
  });
}
