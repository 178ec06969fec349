import { expect, test } from "@playwright/test";
import { screenshot, signInAndLand } from "./helpers";

test("a score added in TraceView is listed in Judgments and leads back to its trace", async ({ page }) => {
  await signInAndLand(page, "admin");
  await page.goto("/traces");
  const first = page.getByRole("region", { name: "Traces" }).getByRole("row").nth(1).getByRole("link").first();
  const traceName = (await first.innerText()).trim();
  await first.click();
  await expect(page.getByRole("listbox", { name: /Observations/ })).toBeVisible();
  const tracePath = new URL(page.url()).pathname;

  const scoreName = `e2e_quality_${Date.now().toString(36)}`;
  const form = page.getByRole("form", { name: "Add a score" });
  await form.getByLabel("Score name").fill(scoreName);
  await form.getByLabel("Value").fill("0.75");
  await form.getByRole("button", { name: "Add score" }).click();
  await expect(page.getByRole("region", { name: "Scores" }).getByRole("row", { name: new RegExp(scoreName) })).toContainText("human");

  // The judgment is listed (filtered through the URL) and links back to the trace.
  await page.goto("/judgments");
  await page.getByRole("combobox", { name: /^Name/ }).selectOption(scoreName);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`name=${scoreName}`));
  expect(page.url(), "only the filters that are set are in the URL").not.toMatch(/=(&|$)/);
  const table = page.getByTestId("judgments-table");
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("row").nth(1)).toContainText("human");
  await expect(table.getByRole("row").nth(1)).toContainText("0.75");
  await table.getByRole("row").nth(1).getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`${tracePath}$`));
  await expect(page.getByRole("heading", { level: 1, name: traceName })).toBeVisible();
});

test("an LLM judge's judgment opens its trace with the judged generation selected", async ({ page }) => {
  await signInAndLand(page, "viewer");
  await page.goto("/judgments?source=llm_judge&name=helpfulness");
  const table = page.getByTestId("judgments-table");
  await expect(table.getByRole("row").nth(1)).toContainText("llm_judge");
  await screenshot(page, "judgments");
  await table.getByRole("row").nth(1).getByRole("link").click();
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]+\?observation=/);
  const selected = page.getByRole("listbox", { name: /Observations/ }).locator('[aria-selected="true"]');
  await expect(selected).toHaveCount(1);
  await expect(page.getByRole("region", { name: "Scores" })).toContainText("helpfulness");
  const observationId = new URL(page.url()).searchParams.get("observation");
  expect(observationId).toBeTruthy();
  await expect(selected).toHaveAttribute("data-observation-id", observationId!);
});

test("the LLM cost board shows model rows and follows the time range in the URL", async ({ page }) => {
  await signInAndLand(page, "viewer");
  await page.goto("/costs");
  const byModel = page.getByTestId("cost-by-model");
  await expect(byModel.getByRole("row").nth(1)).toBeVisible();
  expect(await byModel.getByRole("row").count()).toBeGreaterThan(3);
  await expect(page.getByRole("heading", { name: "Latency by model (p50 / p95 / p99)" })).toBeVisible();
  // By project: every project of the organization, the current one marked.
  const byProject = page.getByTestId("cost-by-project");
  await expect(byProject.locator('tr[aria-current="true"]')).toContainText("(current)");
  await screenshot(page, "llm-costs");
  await page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "30d" }).click();
  await expect(page).toHaveURL(/range=30d/);
  await expect(page.getByRole("link", { name: "30d" })).toHaveAttribute("aria-current", "page");
  // A top-expensive trace opens in TraceView.
  await page.getByRole("region", { name: "Most expensive traces" }).getByRole("link").first().click();
  await expect(page.getByRole("listbox", { name: /Observations/ })).toBeVisible();
});
