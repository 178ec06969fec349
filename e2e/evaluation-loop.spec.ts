// The evaluation loop end to end (issue 20's "Done when"): a failing production trace becomes a dataset item (TraceView's
// "Add to dataset"), a new prompt version is saved, both versions' outputs are recorded as runs (the demo has no LLM
// provider, and the run form says so), the comparison shows a significant difference, the new version is promoted by
// moving the production label, the online rule's scores show, and the dataset's items are reviewed in a queue; Spectrum insights are reviewed blind with a rubric; an experiment measures a trace score.
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAndLand } from "./helpers";

/** The page at desktop and phone width, for review. */
async function shots(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test("bad trace → dataset item → new prompt version → both versions run → significant comparison → promotion → online scores → review", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAndLand(page, "admin");
  const suffix = Date.now().toString(36);
  const dataset = `loop-${suffix}`;
  const queue = `loop review ${suffix}`;
  const expected = "Settings → Security → Reset password.";

  // 1. A failing production trace: the newest error.
  await page.goto("/traces?level=ERROR");
  const traces = page.getByRole("region", { name: "Traces" });
  await traces.getByRole("row").nth(1).getByRole("link").first().click();
  await expect(page.getByRole("listbox", { name: /Observations/ })).toBeVisible();
  const traceId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);

  // 2. Add it to a new dataset with the answer it should have given.
  await page.getByRole("button", { name: "Add to dataset" }).click();
  const add = page.getByRole("form", { name: "Add to dataset" });
  await add.getByLabel("Dataset").fill(dataset);
  await add.getByLabel("Expected output").fill(expected);
  await add.getByRole("button", { name: "Add" }).click();
  await expect(add.getByRole("status")).toContainText(`Added to ${dataset}`);

  await add.getByRole("link", { name: dataset }).click();
  const items = page.getByRole("region", { name: "Items" });
  await expect(items.getByRole("row")).toHaveCount(2);
  await expect(items.getByRole("row").nth(1)).toContainText(expected);
  await expect(items.getByRole("link", { name: "trace" })).toHaveAttribute("href", `/traces/${encodeURIComponent(traceId)}`);

  // 3. Four more golden questions through the API, so the comparison has enough items for a paired test.
  const golden = [
    ["How do I cancel my plan?", "Open Billing and choose Cancel plan."],
    ["Where are my invoices?", "Billing → Invoices."],
    ["Is there a mobile app?", "Yes, for iOS and Android."],
    ["How do I invite a teammate?", "Settings → Members → Invite."],
  ] as const;
  for (const [question, answer] of golden) {
    const added = await page.request.post("/api/v1/dataset-items", { data: { datasetName: dataset, input: { question }, expectedOutput: answer } });
    expect(added.status(), await added.text()).toBe(201);
  }

  // 4. The prompt in production (v1), and a new version (v2) saved on the prompt page.
  const prompt = `loop-prompt-${suffix}`;
  const created = await page.request.post("/api/v1/prompts", { data: { name: prompt, type: "text", prompt: "Answer: {{question}}", labels: ["production"] } });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto(`/prompts/${prompt}`);
  const versionForm = page.getByRole("form", { name: "New version" });
  await versionForm.getByLabel(/^Prompt/).fill("Answer with the exact menu path from the help center: {{question}}");
  await versionForm.getByLabel("Commit message").fill("name the menu path");
  await versionForm.getByRole("button", { name: "Save version" }).click();
  const versions = page.getByRole("region", { name: "Versions" });
  await expect(versions.getByText("name the menu path")).toBeVisible();

  // 5. Both versions over the dataset. The demo has no LLM provider: the run form says so and starts nothing, so each
  // version's outputs are recorded as the application produced them (the SDK path), as runs of that version.
  await page.goto(`/datasets/${encodeURIComponent(dataset)}`);
  await expect(page.getByRole("note")).toContainText("No LLM provider is configured");
  await expect(page.getByRole("form", { name: "New run" }).getByRole("button", { name: "Start run" })).toBeDisabled();
  await shots(page, "dataset-no-provider");
  const stored = ((await (await page.request.get(`/api/v1/datasets/${encodeURIComponent(dataset)}`)).json()) as { items: { id: string; expectedOutput: string }[] }).items;
  expect(stored).toHaveLength(5);
  // v1 never gives the path; v2 gives it for all but one item.
  const runsOf: [string, number, (i: { expectedOutput: string }, k: number) => string][] = [
    ["v1 answers", 1, () => "I am not sure."],
    ["v2 answers", 2, (i, k) => (k === 4 ? "Please see the help center." : i.expectedOutput)],
  ];
  for (const [name, promptVersion, answer] of runsOf) {
    const run = await page.request.post(`/api/v1/datasets/${encodeURIComponent(dataset)}/runs`, {
      data: { name, promptName: prompt, promptVersion, outputs: stored.map((i, k) => ({ itemId: i.id, output: answer(i, k) })), evaluators: [{ type: "exact_match", caseSensitive: false }] },
    });
    expect(run.status(), await run.text()).toBe(201);
  }

  // 6. Compare the runs: v2 is better than v1 with significance (paired t-test over 5 items: +0.8, p ≈ 0.016).
  await page.reload();
  const runs = page.getByRole("region", { name: "Runs" });
  await expect(runs.getByRole("row", { name: /v2 answers/ }).getByRole("cell").nth(2)).toHaveText("v2");
  await runs.getByRole("checkbox", { name: "Compare v1 answers" }).check();
  await runs.getByRole("checkbox", { name: "Compare v2 answers" }).check();
  await runs.getByRole("button", { name: /Compare selected/ }).click();
  await expect(page).toHaveURL(new RegExp(`/datasets/${dataset}/compare`));
  const aggregates = page.getByRole("region", { name: "Aggregates" });
  await expect(aggregates).toContainText("exact_match");
  await expect(aggregates).toContainText("v1 answers (v1)");
  await expect(aggregates).toContainText("v2 answers (v2)");
  const paired = page.getByRole("region", { name: "Paired tests" });
  await expect(paired.getByRole("row").nth(1)).toContainText("v2 answers");
  await expect(paired.getByRole("row").nth(1)).toContainText("better (p < 0.05)");
  const perItem = page.getByRole("region", { name: "Per item" });
  await expect(perItem).toContainText(expected);
  await shots(page, "run-comparison-significance");

  // 7. Promote v2 by moving the production label; the SDK endpoint serves it.
  await page.goto(`/prompts/${prompt}`);
  const v2 = page.getByRole("region", { name: "Versions" }).locator('[aria-label="Labels of version 2"]');
  await v2.getByRole("textbox", { name: "Label" }).fill("production");
  await v2.getByRole("button", { name: "Set on v2" }).click();
  await expect(v2.getByRole("button", { name: /production/ })).toBeVisible();
  const served = await page.request.get(`/api/v1/prompts/${prompt}?label=production`);
  expect(((await served.json()) as { version: number }).version).toBe(2);

  // 8. Online evaluation: the demo's judge rule scores sampled production traces each minute; its scores show up.
  await expect(async () => {
    await page.goto("/evaluation/rules");
    const rule = page.getByRole("region", { name: "Rules" }).getByRole("row", { name: /Helpfulness of support answers/ });
    await expect(rule).toBeVisible({ timeout: 2_000 });
    expect(Number((await rule.getByRole("cell").nth(6).textContent())!.replace(/,/g, ""))).toBeGreaterThan(0);
  }).toPass({ timeout: 90_000 });

  // 9. Review: a queue, the dataset's items queued from the dataset page, reviewed on the keyboard-driven screen.
  await page.goto("/review");
  const form = page.getByRole("form", { name: "New review queue" });
  await form.getByRole("textbox", { name: "Name", exact: true }).fill(queue);
  await form.getByRole("textbox", { name: /Scores, one per line/ }).fill("label_ok yes/no");
  await form.getByRole("button", { name: "Create queue" }).click();
  await expect(page.getByRole("link", { name: queue })).toBeVisible();

  await page.goto(`/datasets/${encodeURIComponent(dataset)}`);
  const queueForm = page.getByRole("form", { name: "Queue items for review" });
  await queueForm.getByLabel("Review queue").selectOption({ label: queue });
  await queueForm.getByRole("button", { name: "Queue these 5 items for review" }).click();
  await expect(queueForm.getByRole("status")).toContainText("5 queued");
  await queueForm.getByRole("link", { name: "review" }).click();

  await expect(page.getByText(`Dataset item of ${dataset}`)).toBeVisible();
  await expect(page.getByRole("region", { name: "Expected output" })).not.toBeEmpty();
  await expect(page.getByText("0 of 5 reviewed")).toBeVisible();
  await page.getByRole("group", { name: "label_ok" }).getByRole("button", { name: "Yes (y)" }).click();
  await page.getByRole("button", { name: /^Submit/ }).click();
  await expect(page.getByText("1 of 5 reviewed")).toBeVisible();
});

test("the Traces page adds every trace matching its filters to a dataset, once", async ({ page }) => {
  await signInAndLand(page, "admin");
  const dataset = `errors-${Date.now().toString(36)}`;
  await page.goto("/traces?level=ERROR");
  await page.getByRole("button", { name: /^Add (these|the first) [\d,]+ (of these )?traces to a dataset$/ }).click();
  const form = page.getByRole("form", { name: "Add traces to dataset" });
  await form.getByLabel("Dataset").fill(dataset);
  await form.getByRole("button", { name: /^Add / }).click();
  const status = form.getByRole("status");
  await expect(status).toContainText(/^Added [1-9][\d,]* to /);
  const added = Number((await status.textContent())!.match(/^Added ([\d,]+)/)![1]!.replace(/,/g, ""));
  // Again: every trace is already there.
  await form.getByRole("button", { name: /^Add / }).click();
  await expect(status).toContainText(`Added 0 to ${dataset} (skipped ${added.toLocaleString("en-US")} already there`);
  await status.getByRole("link", { name: dataset }).click();
  await expect(page.getByRole("region", { name: "Items" }).getByRole("row")).toHaveCount(added + 1);
});

// A new version saved on the prompt page and promoted by moving `production` is part of the first test.
test("the demo's prompt shows its production figures per version, end-user sentiment among them", async ({ page }) => {
  await signInAndLand(page, "admin");
  await page.goto("/prompts/support-answer");
  await expect(page.getByRole("region", { name: "Versions" }).getByRole("columnheader", { name: "Sentiment" })).toBeVisible();
  await shots(page, "prompt-versions-demo");
});

test("Spectrum insights reviewed blind with the insight rubric; verdicts per prompt version", async ({ page }) => {
  await signInAndLand(page, "admin");
  const queue = `insights ${Date.now().toString(36)}`;
  await page.goto("/review");
  const form = page.getByRole("form", { name: "New review queue" });
  await form.getByRole("button", { name: "Use the insight quality rubric" }).click();
  await form.getByRole("textbox", { name: "Name", exact: true }).fill(queue);
  await expect(form.getByRole("checkbox", { name: /Blinded/ })).toBeChecked();
  await shots(page, "review-queues-insight-rubric");
  await form.getByRole("button", { name: "Create queue" }).click();
  await page.getByRole("link", { name: queue }).click();
  await expect(page.getByText("Nothing left to review in this queue")).toBeVisible();

  const sample = page.getByRole("form", { name: "Queue Spectrum insights" });
  await sample.getByLabel("How many").fill("3");
  await sample.getByRole("button", { name: "Queue a sample" }).click();
  await expect(sample.getByRole("status")).toHaveText("3 insights queued");
  await expect(page.getByText("0 of 3 reviewed")).toBeVisible();
  await expect(page.getByText(/Blinded review of a Spectrum insight/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Facts" })).toContainText("Conversations");
  await expect(page.getByRole("region", { name: "Insight", exact: true })).not.toBeEmpty();
  await expect(page.getByText(/^Every statement matches the facts shown/)).toBeVisible();
  await expect(page.locator("main")).not.toContainText(/user_\d{4}|spectrum-weekly/);
  await shots(page, "review-insight-item");

  // Keys: a rating for each 1-5 score in turn, y for the yes/no, Enter to submit.
  await page.getByRole("heading", { name: "Facts it was written from" }).click();
  for (const k of ["4", "5", "4", "y", "Enter"]) await page.keyboard.press(k);
  await expect(page.getByText("1 of 3 reviewed")).toBeVisible();
  await page.reload();
  const verdicts = page.getByRole("region", { name: "Insight verdicts" });
  await expect(verdicts).toContainText(/Reviewers failed 0(\.0)?% of 1 reviewed insight/);
  await expect(verdicts.getByRole("row").nth(1)).toContainText("spectrum-weekly v1");
  await expect(page.getByRole("region", { name: "Insight verdicts" })).toContainText("1 of 1");
  await shots(page, "review-insight-verdicts");
});

test("an experiment whose goal and guardrail is a trace score, made in the form; it reads back on edit and gets a results card", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAndLand(page, "admin");
  const key = `score-${Date.now().toString(36)}`;
  await page.goto("/experiments/new");
  const form = page.getByRole("form", { name: "New experiment" });
  await form.getByLabel("Key", { exact: true }).fill(key);
  await form.getByLabel("Name", { exact: true }).fill("Judged helpfulness");
  await form.getByLabel("Score name").fill("helpfulness");
  await form.getByRole("button", { name: "Add score metric" }).click();
  const row = form.getByRole("group", { name: "Score metric helpfulness" });
  await expect(row).toContainText("key score_helpfulness");
  await row.getByRole("checkbox", { name: "LLM judge" }).check();
  await row.getByRole("checkbox", { name: "Guardrail" }).check();
  await shots(page, "experiment-new-score-metric");
  await form.getByRole("button", { name: "Create experiment" }).click();
  await expect(page).toHaveURL(new RegExp(`/experiments/${key}$`));
  await expect(page.getByText("goal metrics: Mean helpfulness score · guardrails: Mean helpfulness score")).toBeVisible();

  await page.goto(`/experiments/${key}/edit`);
  const edit = page.getByRole("form", { name: "Edit experiment" }).getByRole("group", { name: "Score metric helpfulness" });
  await expect(edit.getByRole("checkbox", { name: "LLM judge" })).toBeChecked();
  await expect(edit.getByRole("checkbox", { name: "review queue" })).not.toBeChecked();
  await expect(edit.getByLabel("Tolerated worsening of Mean helpfulness score")).toHaveValue("5");

  await page.goto(`/experiments/${key}`);
  await page.getByRole("button", { name: "Start" }).click();
  await page.getByRole("button", { name: "Refresh results" }).click();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("region", { name: "Results: Mean helpfulness score" })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
});
