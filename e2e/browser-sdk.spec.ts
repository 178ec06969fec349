// The browser client in a real browser, on another site's page: it loads /sdk/prism.js cross-origin, sends the
// page's events with the public key, never any text of the page, and nothing before consent when consent is required.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page, type Request } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { signInAndLand } from "./helpers";

const PAGE_TEXT = "Confidential visitor note 4471";

/** A customer's page: visible text the client must never send, and a script that uses the client. */
function customerPage(publicKey: string) {
  return `<!doctype html><html><head><title>Shop</title></head><body>
<h1>${PAGE_TEXT}</h1><input id="note" value="${PAGE_TEXT}"><button id="buy">Buy now</button>
<script type="module">
  import { createPrism } from "${baseURL}/sdk/prism.js";
  const prism = createPrism({ key: "${publicKey}", host: "${baseURL}", batchSize: 100, flushIntervalMs: 600000 });
  window.prism = prism;
  prism.pageView();
  document.getElementById("buy").addEventListener("click", () => prism.track("checkout.clicked", { plan: "pro" }));
  performance.mark("search-start");
  performance.mark("search-end");
  prism.measure("search", "search-start", "search-end");
  window.prismReady = true;
</script></body></html>`;
}

// The customer's site: a real server on another port (another origin). A page Playwright fulfils itself has no
// address, and Chromium then refuses its requests to a loopback server (Local Network Access).
let site: Server;
let sitePage = "";
let CUSTOMER = "";
test.beforeAll(async () => {
  site = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(sitePage));
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  CUSTOMER = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => site.close(() => resolve())));

async function openCustomerPage(page: Page, publicKey: string) {
  sitePage = customerPage(publicKey);
  const sent: Request[] = [];
  page.on("request", (req) => {
    if (req.url().startsWith(`${baseURL}/api/public/events`)) sent.push(req);
  });
  await page.goto(`${CUSTOMER}/customer-shop`);
  await page.waitForFunction(() => (window as unknown as { prismReady?: boolean }).prismReady === true);
  // The client asks for the project's rules first; nothing leaves before they arrive.
  await page.waitForFunction(() => (window as unknown as { prism: { state(): { configured: boolean } } }).prism.state().configured);
  return sent;
}

const flush = (page: Page) => page.evaluate(() => (window as unknown as { prism: { flush(): Promise<void> } }).prism.flush());

test("a customer's page sends its events with the public key and never the page's text", async ({ page }) => {
  await signInAndLand(page, "admin");
  const key = await page.request.post("/api/v1/api-keys", { data: { name: "Browser e2e" } });
  expect(key.status()).toBe(201);
  const { publicKey } = (await key.json()) as { publicKey: string };
  // Keep every UI event, so the assertion does not depend on the 20% draw.
  const put = await page.request.put("/api/v1/project/sdk-settings", { data: { requireConsent: false, uiSampleRate: 1, burstMinutes: 0, allowedOrigins: [] } });
  expect(put.status()).toBe(200);

  const sent = await openCustomerPage(page, publicKey);
  await page.click("#buy");
  const reply = page.waitForResponse((res) => res.url().startsWith(`${baseURL}/api/public/events`));
  await flush(page);
  const res = await reply;
  expect(res.status()).toBe(200); // 207 when any event was refused
  expect(res.headers()["access-control-allow-origin"]).toBe("*");

  const bodies = sent.map((r) => r.postData() ?? "");
  const events = bodies.flatMap((b) => (JSON.parse(b) as { events: { name: string; properties: Record<string, unknown> }[] }).events);
  expect(events.map((e) => e.name).sort()).toEqual(["checkout.clicked", "web.page_view", "web.timing"]);
  expect(events.find((e) => e.name === "web.page_view")?.properties.path).toBe("/customer-shop");
  expect(events.find((e) => e.name === "web.timing")?.properties.name).toBe("search");
  for (const body of bodies) {
    expect(body).not.toContain(PAGE_TEXT);
    expect(body).not.toContain("Buy now");
  }
});

test("when the project requires consent, nothing is sent until the visitor agrees", async ({ page }) => {
  await signInAndLand(page, "admin");
  const { publicKey } = (await (await page.request.post("/api/v1/api-keys", { data: { name: "Consent e2e" } })).json()) as { publicKey: string };
  await page.request.put("/api/v1/project/sdk-settings", { data: { requireConsent: true, uiSampleRate: 1, burstMinutes: 0, allowedOrigins: [] } });

  const sent = await openCustomerPage(page, publicKey);
  await page.click("#buy");
  await flush(page);
  expect(sent).toHaveLength(0);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("prism_")))).toEqual([]);

  const reply = page.waitForResponse((res) => res.url().startsWith(`${baseURL}/api/public/events`));
  await page.evaluate(() => (window as unknown as { prism: { consent(granted: boolean): void } }).prism.consent(true));
  expect((await reply).status()).toBe(200);
  expect(sent).toHaveLength(1);

  await page.request.put("/api/v1/project/sdk-settings", { data: { requireConsent: false, uiSampleRate: 0.2, burstMinutes: 0, allowedOrigins: [] } });
});
