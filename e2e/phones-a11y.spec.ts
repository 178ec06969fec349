// Every dashboard page is reachable from the menu on a phone, no page is wider than a 390 px screen, and no page has a
// serious or critical accessibility violation (axe-core, WCAG 2.1 A/AA rules) in the light or the dark theme.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { navItems } from "../components/shell/nav-items";
import { signInAndLand } from "./helpers";

const PHONE = { width: 390, height: 844 };
const OWNER_STATE = "e2e/artifacts/owner-state.json";

/** Every page of the owner's menu; the detail pages (a trace, an experiment) are found from their lists. */
const MENU_PAGES = navItems.flatMap((item) => [item.href, ...(item.children ?? []).map((c) => c.href)]);

async function settled(page: Page) {
  await expect(page.getByText(/^Loading/)).toHaveCount(0);
}

async function detailPages(page: Page): Promise<string[]> {
  await page.goto("/traces");
  const trace = await page.getByRole("region", { name: "Traces" }).getByRole("link").first().getAttribute("href");
  await page.goto("/experiments");
  const experiment = await page.getByRole("region", { name: "Experiment list" }).getByRole("link").first().getAttribute("href");
  await page.goto("/sessions");
  const session = await page.getByRole("region", { name: "Sessions" }).getByRole("link").first().getAttribute("href");
  return [trace, experiment, session].filter((href): href is string => Boolean(href));
}

async function signedInOnce(browser: Browser) {
  // A clean context: newContext would otherwise apply the describe's storageState, the file this creates.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInAndLand(page, "owner");
  await context.storageState({ path: OWNER_STATE });
  await context.close();
}

test.beforeAll(async ({ browser }) => signedInOnce(browser));

test.describe("phones", () => {
  test.use({ viewport: PHONE, storageState: OWNER_STATE });

  test("the menu opens as a drawer with every page, sub-pages included, and closes on navigation", async ({ page }) => {
    await page.goto("/overview");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    await page.getByRole("button", { name: "Menu" }).click();
    const listed = await nav.getByRole("link").evaluateAll((links) => links.map((l) => new URL((l as HTMLAnchorElement).href).pathname));
    expect(listed).toEqual(MENU_PAGES);
    await nav.getByRole("link", { name: "Forecasts", exact: true }).click();
    await expect(page).toHaveURL(/\/monitoring\/forecasts$/);
    await expect(nav).toBeHidden();
    await page.getByRole("button", { name: "Menu" }).click();
    await expect(nav).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(nav).toBeHidden();
  });

  test("the traces filters open from a \"Filters (n)\" button that counts the filters set", async ({ page }) => {
    await page.goto("/traces?environment=production&level=ERROR");
    const form = page.getByRole("form", { name: "Filter traces" });
    const toggle = page.getByRole("button", { name: "Filters (2)" });
    await expect(form).toBeHidden();
    await expect(page.getByRole("region", { name: "Traces" })).toBeVisible();
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await expect(form.getByLabel("Level")).toHaveValue("ERROR");
    await toggle.click();
    await expect(form).toBeHidden();
    // A wider screen shows the form and no button.
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(form).toBeVisible();
    await expect(toggle).toBeHidden();
  });

  test("no page is wider than the screen", async ({ page }) => {
    test.setTimeout(300_000);
    const wide: string[] = [];
    for (const path of [...MENU_PAGES, ...(await detailPages(page))]) {
      await page.goto(path);
      await settled(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE.width) wide.push(`${path}: ${width}px`);
      // A table may scroll inside its own container, but its caption (a sentence) must wrap within what is visible.
      const cutCaptions = await page.evaluate(() =>
        [...document.querySelectorAll(".table-wrap caption")].filter((c) => c.getBoundingClientRect().right > c.closest(".table-wrap")!.getBoundingClientRect().right + 1).length,
      );
      if (cutCaptions > 0) wide.push(`${path}: ${cutCaptions} table caption(s) run past their scroller`);
    }
    expect(wide).toEqual([]);
  });
});

test.describe("accessibility", () => {
  // Loaded in the light theme, then switched to dark on the same page, as the theme toggle does: the theme is only
  // <html data-theme> (CSS variables, no transitions), so one visit checks both themes.
  test.use({ viewport: { width: 1440, height: 900 }, storageState: OWNER_STATE, colorScheme: "light" });

  async function seriousViolations(page: Page, path: string) {
    await page.goto(path);
    await settled(page);
    const found: string[] = [];
    for (const theme of ["light", "dark"] as const) {
      await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      found.push(
        ...violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${path} (${theme}): ${v.id} (${v.impact}) × ${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`),
      );
    }
    return found;
  }

  for (const path of MENU_PAGES) {
    test(`${path} has no serious or critical axe violations in the light or the dark theme`, async ({ page }) => {
      test.setTimeout(120_000); // two axe runs
      expect(await seriousViolations(page, path)).toEqual([]);
    });
  }
  test("a trace, an experiment and a session have no serious or critical axe violations in either theme", async ({ page }) => {
    test.setTimeout(240_000);
    const found: string[] = [];
    for (const path of await detailPages(page)) found.push(...(await seriousViolations(page, path)));
    expect(found).toEqual([]);
  });
});
