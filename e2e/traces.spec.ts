import { expect, test } from "@playwright/test";
import { screenshot, signInAndLand } from "./helpers";

const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(Math.random() * 16)]).join("");
const kv = (attrs: Record<string, string | number>) =>
  Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === "number" ? { intValue: String(v) } : { stringValue: v } }));

test("a trace sent over OTLP is listed, opens in the waterfall, is navigable by keyboard and can be scored", async ({ page }) => {
  await signInAndLand(page, "admin");
  // A project key, created the way a user would.
  await page.goto("/settings");
  await page.getByLabel("Key name").fill("e2e traces key");
  await page.getByRole("button", { name: "Create key" }).click();
  const banner = page.getByTestId("new-api-key");
  await expect(banner).toContainText("secret: sk-prism-");
  const secret = (await banner.locator(".mono").nth(1).innerText()).replace("secret: ", "").trim();

  const traceId = hex(32);
  const rootId = hex(16);
  const name = `e2e-trace-${traceId.slice(0, 6)}`;
  const t0 = BigInt(Date.now()) * BigInt(1_000_000);
  const at = (ms: number) => (t0 + BigInt(ms) * BigInt(1_000_000)).toString();
  const span = (spanId: string, parent: string, spanName: string, start: number, end: number, attributes: Record<string, string | number>, error?: string) => ({
    traceId, spanId, parentSpanId: parent, name: spanName, kind: 1, startTimeUnixNano: at(start), endTimeUnixNano: at(end), attributes: kv(attributes), events: [], status: error ? { code: 2, message: error } : { code: 0 },
  });
  const body = {
    resourceSpans: [{
      resource: { attributes: kv({ "service.name": "e2e-app" }) },
      scopeSpans: [{
        scope: { name: "e2e" },
        spans: [
          span(rootId, "", name, 0, 1500, { "prism.user.id": "e2e-user" }),
          span(hex(16), rootId, "search-docs", 10, 300, { "openinference.span.kind": "RETRIEVER", "input.value": "refund policy" }),
          span(hex(16), rootId, "chat gpt-4o-mini", 320, 1400, {
            "gen_ai.operation.name": "chat",
            "gen_ai.request.model": "gpt-4o-mini",
            "gen_ai.usage.input_tokens": 812,
            "gen_ai.usage.output_tokens": 64,
            "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: "What is the refund policy?" }] }]),
            "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "Refunds within 30 days." }] }]),
          }),
          span(hex(16), rootId, "send-email", 1400, 1450, { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "send_email" }, "SMTP timeout"),
        ],
      }],
    }],
  };
  const res = await page.request.post("/api/public/otel/v1/traces", { headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, data: body });
  expect(res.status()).toBe(200);

  // The list, filtered by name through the URL-addressable filter form.
  await page.goto("/traces");
  await page.getByLabel("Name contains").fill(name);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`name=${name}`));
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("ERROR");
  await expect(row).toContainText("876");
  await screenshot(page, "traces-list");
  await row.getByRole("link", { name }).click();

  // The waterfall: every observation on one time axis, the root first.
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const waterfall = page.getByRole("listbox", { name: /Observations/ });
  const options = waterfall.getByRole("option");
  await expect(options).toHaveCount(4);
  await expect(options.nth(0)).toContainText(name);
  await expect(options.nth(2)).toContainText("chat gpt-4o-mini");
  await expect(options.nth(2)).toContainText("1.08 s");

  // Keyboard: down twice reaches the generation; its input renders as a conversation.
  await waterfall.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(options.nth(2)).toHaveAttribute("aria-selected", "true");
  const panel = page.getByRole("region", { name: "Observation chat gpt-4o-mini" });
  await expect(panel.getByRole("region", { name: "Input" })).toContainText("What is the refund policy?");
  await expect(panel.getByRole("region", { name: "Output" })).toContainText("Refunds within 30 days.");
  await expect(panel).toContainText("computed from");

  // The failed tool call (named after its tool) shows its error.
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("region", { name: "Observation send_email" }).getByRole("alert")).toContainText("SMTP timeout");
  await page.keyboard.press("ArrowUp");
  await expect(options.nth(2)).toHaveAttribute("aria-selected", "true");
  await screenshot(page, "trace-view");
  // The KPI values stay on one line at 1280 px: "$0.000160" in a narrow card broke after its fifth decimal.
  for (const label of ["Latency", "Tokens", "Cost", "Observations"]) {
    const value = page.locator(".card").filter({ has: page.locator(".stat-label", { hasText: new RegExp(`^${label}$`) }) }).locator(".stat-value");
    const box = await value.evaluate((el) => ({ height: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.3 }));
    expect(box.height, label).toBeLessThan(box.line * 1.5);
  }

  // A human score on the selected observation.
  const form = page.getByRole("form", { name: "Add a score" });
  await form.getByLabel("Score name").fill("correctness");
  await form.getByLabel("Value").fill("0.9");
  await form.getByLabel("Applies to").selectOption("observation");
  // A comment longer than a phone is wide (read at 390 px below).
  const comment = "good answer: it cites the 30-day refund window from the policy page and offers to open a ticket for the order";
  await form.getByLabel("Comment").fill(comment);
  await form.getByRole("button", { name: "Add score" }).click();
  const scores = page.getByRole("region", { name: "Scores" });
  await expect(scores.getByRole("row", { name: /correctness/ })).toContainText("chat gpt-4o-mini");
  await expect(scores.getByRole("row", { name: /correctness/ })).toContainText("human");

  // Timeline zoom: the retrieval (10–300 ms of the 1.5 s trace) fills the track when zoomed to (5% margins), the
  // e-mail call 1.4 s in leaves the zoomed range, and "Whole trace" restores the full axis.
  await options.nth(1).click();
  await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  const trackShare = async () => {
    const [bar, track] = [await options.nth(1).locator(".wf-bar").boundingBox(), await options.nth(1).locator(".wf-track").boundingBox()];
    return bar!.width / track!.width;
  };
  expect(await trackShare()).toBeCloseTo(290 / 1500, 1);
  const zoom = page.getByRole("group", { name: /Time axis zoom/ });
  await zoom.getByRole("button", { name: "Zoom to selected" }).click();
  await expect(zoom.getByRole("status")).toHaveText(/^Showing \+\d+ ms to \+\d+ ms$/);
  await expect(options.nth(3)).toContainText("outside the zoomed range");
  expect(await trackShare()).toBeGreaterThan(0.85);
  await screenshot(page, "trace-view-zoomed");
  await zoom.getByRole("button", { name: "Whole trace" }).click();
  await expect(zoom.getByRole("status")).toHaveCount(0);
  await expect(options.nth(3)).not.toContainText("outside the zoomed range");
  expect(await trackShare()).toBeCloseTo(290 / 1500, 1);

  // On a phone the same trace, its score included, is no wider than the screen, and the score's name and value are on
  // screen without scrolling sideways; the long comment scrolls inside the score table, not the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  const phoneRow = page.getByRole("region", { name: "Scores" }).getByRole("row", { name: /correctness/ });
  await expect(phoneRow).toContainText(comment);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  for (const cell of [phoneRow.getByRole("cell", { name: "correctness" }), phoneRow.getByRole("cell", { name: "0.9", exact: true })]) {
    await cell.scrollIntoViewIfNeeded();
    const box = (await cell.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  expect(await page.getByRole("region", { name: "Score table" }).evaluate((el) => el.scrollLeft)).toBe(0);
  await expect(page.getByRole("listbox", { name: /Observations/ }).getByRole("option")).toHaveCount(4);
  await screenshot(page, "trace-view-phone");
});

test("the traces page lists the demo traces with sortable columns and a next page", async ({ page }) => {
  await signInAndLand(page, "viewer");
  await page.goto("/traces?sort=latency&order=desc");
  const table = page.getByRole("region", { name: "Traces" });
  await expect(table.getByRole("columnheader", { name: /Latency/ })).toHaveAttribute("aria-sort", "descending");
  await expect(table.getByRole("row")).toHaveCount(51);
  await page.getByRole("link", { name: /Next page/ }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  // Viewers read traces but cannot score them.
  await table.getByRole("row").nth(1).getByRole("link").first().click();
  await expect(page.getByRole("listbox", { name: /Observations/ })).toBeVisible();
  await expect(page.getByRole("form", { name: "Add a score" })).toHaveCount(0);

  // Sessions group the demo traces; a session opens its conversation, its trace count the traces list filtered to it.
  await page.goto("/sessions");
  const sessions = page.getByRole("region", { name: "Sessions" });
  await expect(sessions.getByRole("row")).toHaveCount(51);
  await sessions.getByRole("row").nth(1).getByRole("link", { name: /traces? of session/ }).click();
  await expect(page).toHaveURL(/\/traces\?sessionId=/);
  await expect(page.getByRole("region", { name: "Traces" }).getByRole("row").nth(1)).toBeVisible();
  await page.goBack();
  await sessions.getByRole("row").nth(1).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/sessions\/[^/?]+(\?range=[^&]+)?$/); // the link carries the time range
  await expect(page.getByRole("list", { name: "Conversation" }).getByRole("listitem").first()).toBeVisible();
});

test("a viewer hides columns and saves the view; opening it later restores filters, sort and columns", async ({ page }) => {
  await signInAndLand(page, "viewer");
  await page.goto("/traces?sort=cost&order=desc&environment=production");
  const table = page.getByRole("region", { name: "Traces" });
  await expect(table.getByRole("columnheader", { name: "Input" })).toBeVisible();

  await page.getByText("Columns", { exact: true }).click();
  await page.getByRole("checkbox", { name: "Input" }).uncheck();
  await expect(page).toHaveURL(/hide=input/);
  await expect(table.getByRole("columnheader", { name: "Input" })).toHaveCount(0);
  await expect(table.getByRole("columnheader", { name: "Output" })).toBeVisible();

  await page.getByText(/^Views/).click();
  await page.getByLabel("Save this view as").fill("Costly production");
  await page.getByRole("button", { name: "Save view" }).click();
  await expect(page.getByRole("link", { name: "Costly production" })).toBeVisible();

  await page.goto("/traces");
  await expect(table.getByRole("columnheader", { name: "Input" })).toBeVisible();
  await page.getByText(/^Views/).click();
  await page.getByRole("link", { name: "Costly production" }).click();
  await expect(page).toHaveURL(/environment=production/);
  await expect(page).toHaveURL(/hide=input/);
  await expect(table.getByRole("columnheader", { name: /Cost/ })).toHaveAttribute("aria-sort", "descending");
  await expect(table.getByRole("columnheader", { name: "Input" })).toHaveCount(0);
});
