import { expect, test } from "@playwright/test";
import { screenshot, signInAndLand } from "./helpers";

test("an analyst opens the experiment list and the seeded results, and reads the verdicts", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/experiments");
  const list = page.getByRole("region", { name: "Experiment list" });
  const prompt = list.getByRole("row", { name: /Warmer system prompt/ });
  await expect(prompt.getByText("running")).toBeVisible();
  await expect(prompt.getByText("OK")).toBeVisible();
  await expect(list.getByRole("row", { name: /A\/A sanity check/ })).toBeVisible();
  await screenshot(page, "experiments");

  await prompt.getByRole("link", { name: "Warmer system prompt (v2)" }).click();
  await expect(page).toHaveURL(/\/experiments\/prompt-warm-v2$/);
  const thumbs = page.getByRole("region", { name: "Results: Thumbs-up rate" });
  await expect(thumbs.getByTestId("verdict")).toContainText("warm-v2 is better");
  await expect(thumbs.getByRole("figure", { name: /relative lift by variant/ })).toBeVisible();
  // Cumulative lift over time with its sequential band (backfilled daily points since the start).
  const overTime = thumbs.getByRole("figure", { name: "Thumbs-up rate: cumulative lift of warm-v2 over time" });
  await expect(overTime.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(overTime).toContainText(/\d+ days; latest/);
  // Dimension breakdown: the demo's end users are free / pro / team.
  const breakdown = thumbs.getByTestId("cohort-breakdown");
  await expect(breakdown.getByRole("row", { name: /^pro/ })).toBeVisible();
  await expect(breakdown.getByRole("row", { name: /^free/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Guardrails" }).getByText("holding").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await screenshot(page, "experiment-results");

  await page.goto("/experiments/aa-sanity-check");
  for (const verdict of await page.getByTestId("verdict").all()) await expect(verdict).toContainText("No significant difference");
});

test("an analyst creates a draft with the power calculator, then starts it", async ({ page }) => {
  await signInAndLand(page, "analyst");
  await page.goto("/experiments/new");
  await expect(page.getByTestId("power-plan")).toContainText("users per variant");
  await screenshot(page, "experiment-new");
  const form = page.getByRole("form", { name: "New experiment" });
  await form.getByLabel("Key", { exact: true }).fill("e2e-model-swap");
  await form.getByLabel("Name", { exact: true }).fill("E2E model swap");
  await form.getByRole("checkbox", { name: "Thumbs-up rate" }).first().check();
  await form.getByRole("button", { name: "Create experiment" }).click();
  await expect(page).toHaveURL(/\/experiments\/e2e-model-swap$/);
  await expect(page.getByRole("heading", { name: "No results yet" })).toBeVisible();
  await page.getByRole("button", { name: "Start" }).click();
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await expect(page.locator(".page-header .badge")).toHaveText("running");
});

test("a viewer reads experiments but gets no controls", async ({ page }) => {
  await signInAndLand(page, "viewer");
  await page.goto("/experiments");
  await expect(page.getByRole("link", { name: "New experiment" })).toHaveCount(0);
  await page.goto("/experiments/prompt-warm-v2");
  await expect(page.getByRole("region", { name: "Results: Thumbs-up rate" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Start|Pause|Stop/ })).toHaveCount(0);
  expect((await page.request.post("/api/v1/experiments/prompt-warm-v2/status", { data: { action: "stop" } })).status()).toBe(403);
});
