// Every dashboard page is reachable from the menu on a phone, no page is wider than a 390 px screen, and no page has a
// serious or critical accessibility violation (axe-core, WCAG 2 A/AA rules) in the light or the dark theme.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAndLand } from "./helpers";

const PHONE = { width: 390, height: 844 };

async function settled(page: Page) {
  await expect(page.getByText(/^Loading/)).toHaveCount(0);
}

/** Every page in the main menu plus one detail page of each kind (a trace, an experiment). */
async function everyPage(page: Page): Promise<string[]> {
  await page.goto("/overview");
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) await menu.click();
  const hrefs = await page.getByRole("navigation", { name: "Main" }).getByRole("link").evaluateAll((links) =>
    links.map((link) => new URL((link as HTMLAnchorElement).href).pathname),
  );
  await page.goto("/traces");
  const trace = await page.getByRole("region", { name: "Traces" }).getByRole("link").first().getAttribute("href");
  await page.goto("/experiments");
  const experiment = await page.getByRole("region", { name: "Experiment list" }).getByRole("link").first().getAttribute("href");
  return [...hrefs, ...[trace, experiment].filter((href): href is string => Boolean(href))];
}

test.describe("phones", () => {
  test.use({ viewport: PHONE });

  test("the menu opens as a drawer with every page, sub-pages included, and closes on navigation", async ({ page }) => {
    await signInAndLand(page, "owner");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    await page.getByRole("button", { name: "Menu" }).click();
    for (const name of ["Overview", "Traces", "Judgments", "LLM costs", "Sessions", "Anomalies", "Drift", "Forecasts", "Cohorts", "Sentiment", "Settings"]) {
      await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
    }
    await nav.getByRole("link", { name: "Forecasts", exact: true }).click();
    await expect(page).toHaveURL(/\/monitoring\/forecasts$/);
    await expect(nav).toBeHidden();
    await page.getByRole("button", { name: "Menu" }).click();
    await page.keyboard.press("Escape");
    await expect(nav).toBeHidden();
  });

  test("no page is wider than the screen", async ({ page }) => {
    test.setTimeout(180_000);
    await signInAndLand(page, "owner");
    const wide: string[] = [];
    for (const path of await everyPage(page)) {
      await page.goto(path);
      await settled(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE.width) wide.push(`${path}: ${width}px`);
    }
    expect(wide).toEqual([]);
  });
});

test.describe("accessibility", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  for (const theme of ["light", "dark"] as const) {
    test(`no serious or critical axe violations on any page (${theme} theme)`, async ({ page }) => {
      test.setTimeout(240_000);
      await page.emulateMedia({ colorScheme: theme });
      await signInAndLand(page, "owner");
      await page.evaluate((t) => localStorage.setItem("prism-theme", t), theme);
      const found: string[] = [];
      for (const path of await everyPage(page)) {
        await page.goto(path);
        await settled(page);
        const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        for (const v of violations) {
          if (v.impact !== "serious" && v.impact !== "critical") continue;
          found.push(`${path}: ${v.id} (${v.impact}) × ${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
        }
      }
      expect(found).toEqual([]);
    });
  }
});
