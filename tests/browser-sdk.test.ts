// The browser telemetry client (/sdk/prism.js) in a fake browser: batching, the bounded queue, sampling with the
// project's rates and the always-kept LLM cost, consent, retry with backoff, sendBeacon on page hide.
import { describe, expect, test } from "vitest";
import { createPrism, sampleRateFor } from "@/public/sdk/prism";
import { fakeBrowser } from "./support/fake-browser";

const KEY = "pk-prism-abc";

async function started(browser: ReturnType<typeof fakeBrowser>, options: Record<string, unknown> = {}) {
  const prism = createPrism({ key: KEY, host: "https://prism.example/", ...options }, browser.env);
  await browser.settle(); // config fetched
  return prism;
}

const names = (b: ReturnType<typeof fakeBrowser>) => b.sent.flatMap((r) => r.body?.events.map((e) => e.name) ?? []);

describe("batching", () => {
  test("events wait for the batch size or the flush interval, then go in one request to the public events endpoint", async () => {
    const b = fakeBrowser({ config: { sampling: { default: 1 } } });
    const prism = await started(b, { batchSize: 3, flushIntervalMs: 5000 });
    prism.track("a");
    prism.track("b");
    await b.settle();
    expect(b.sent).toHaveLength(0);
    prism.track("c");
    await b.settle();
    expect(b.sent).toHaveLength(1);
    expect(b.sent[0].url).toBe("https://prism.example/api/public/events?key=pk-prism-abc");
    expect(names(b)).toEqual(["a", "b", "c"]);

    prism.track("d");
    await b.advance(4999);
    expect(b.sent).toHaveLength(1);
    await b.advance(1);
    expect(b.sent).toHaveLength(2);
    expect(names(b)).toEqual(["a", "b", "c", "d"]);
    prism.close();
  });

  test("the queue is bounded: the oldest events go first, and the next request says how many were dropped", async () => {
    const b = fakeBrowser({ config: { sampling: { default: 1 } } });
    const prism = await started(b, { batchSize: 1000, maxQueue: 5, maxBatch: 100 });
    for (let i = 0; i < 8; i++) prism.track(`e${i}`);
    expect(prism.state()).toMatchObject({ queued: 5, dropped: 3 });
    await prism.flush();
    expect(names(b)).toEqual(["e3", "e4", "e5", "e6", "e7"]);
    expect(b.sent[0].body?.dropped).toBe(3);
    expect(prism.state().dropped).toBe(0);
    prism.close();
  });

  test("nothing is sent before the project's rules arrive; if they never do, the defaults apply after the timeout", async () => {
    const b = fakeBrowser({ configFails: true, random: () => 0.1 });
    const prism = createPrism({ key: KEY, host: "https://prism.example", configTimeoutMs: 3000 }, b.env);
    prism.track("ui.click");
    await prism.flush();
    // The config request failed at once: defaults (20% for UI events; 0.1 < 0.2 keeps this one).
    await b.advance(5000);
    expect(names(b)).toEqual(["ui.click"]);
    expect(b.sent[0].body?.events[0].properties.$sample_rate).toBe(0.2);
    prism.close();
  });
});

describe("sampling", () => {
  test("UI events default to 20%, LLM cost is always kept, per-event rates and burst come from the project", () => {
    expect(sampleRateFor("ui.click", {})).toBe(0.2);
    expect(sampleRateFor("llm.cost", { sampling: { default: 0, events: { "llm.cost": 0 } } })).toBe(1);
    expect(sampleRateFor("checkout", { sampling: { default: 0.2, events: { checkout: 1 } } })).toBe(1);
    expect(sampleRateFor("ui.click", { sampling: { default: 0.05 } })).toBe(0.05);
    expect(sampleRateFor("ui.click", { burst: true, sampling: { default: 0.05 } })).toBe(1);
    expect(sampleRateFor("ui.click", { sampling: { default: 7 } })).toBe(0.2);
  });

  test("a sampled-out event is never sent; a kept one carries its rate so counts can be scaled back up", async () => {
    const draws = [0.5, 0.1, 0.9];
    const b = fakeBrowser({ config: { sampling: { default: 0.2 } }, random: () => draws.shift() ?? 0 });
    const prism = await started(b);
    prism.track("ui.one");
    prism.track("ui.two");
    prism.trackLlmCost({ model: "gpt-4o-mini", costUsd: 0.0021 });
    await prism.flush();
    expect(names(b)).toEqual(["ui.two", "llm.cost"]);
    expect(b.sent[0].body?.events.map((e) => e.properties.$sample_rate)).toEqual([0.2, 1]);
    prism.close();
  });

  test("during a burst every UI event is kept", async () => {
    const b = fakeBrowser({ config: { burst: true, sampling: { default: 0.01 } }, random: () => 0.99 });
    const prism = await started(b);
    for (let i = 0; i < 4; i++) prism.track("ui.click");
    await prism.flush();
    expect(names(b)).toHaveLength(4);
    prism.close();
  });
});

describe("consent", () => {
  test("when the project requires consent nothing is sent or stored until it is given", async () => {
    const b = fakeBrowser({ config: { requireConsent: true, sampling: { default: 1 } } });
    const prism = await started(b, { batchSize: 1 });
    prism.track("ui.click", { plan: "pro" });
    await b.advance(60_000);
    expect(b.sent).toHaveLength(0);
    expect(b.stored()).toEqual({});
    expect(prism.state()).toMatchObject({ consentRequired: true, consent: "unknown", queued: 1 });
    b.hide(); // page hide sends nothing either
    expect(b.sent).toHaveLength(0);

    prism.consent(true);
    await b.settle();
    expect(names(b)).toEqual(["ui.click"]);
    const event = b.sent[0].body!.events[0];
    expect(event.properties.$anon_id).toBe(b.stored()["l:prism_anon_id"]);
    expect(event.sessionId).toBe(b.stored()["s:prism_session_id"]);
    prism.close();
  });

  test("a refusal drops what was queued and nothing later is queued", async () => {
    const b = fakeBrowser({ config: { sampling: { default: 1 } } });
    const prism = await started(b, { requireConsent: true });
    prism.track("a");
    prism.consent(false);
    expect(prism.track("b")).toBe(false);
    await b.advance(60_000);
    expect(b.sent).toHaveLength(0);
    expect(prism.state().queued).toBe(0);
    prism.close();
  });
});

describe("delivery", () => {
  test("a failed send is retried with growing delays, honouring Retry-After, and each event arrives with its first id", async () => {
    const b = fakeBrowser({ config: { sampling: { default: 1 } }, random: () => 0 });
    const prism = await started(b, { batchSize: 1, baseBackoffMs: 1000 });
    b.reply("network-error", { status: 503 }, { status: 429, retryAfter: 30 });
    prism.track("ui.click");
    await b.settle();
    expect(b.sent).toHaveLength(1); // network error: retry after 1000 * (1/2 + jitter 0) = 500 ms
    await b.advance(499);
    expect(b.sent).toHaveLength(1);
    await b.advance(1);
    expect(b.sent).toHaveLength(2); // 503: next delay 1000 ms
    await b.advance(1000);
    expect(b.sent).toHaveLength(3); // 429 with Retry-After: 30 s, longer than the 2 s backoff
    await b.advance(29_999);
    expect(b.sent).toHaveLength(3);
    await b.advance(1);
    expect(b.sent).toHaveLength(4);
    expect(new Set(b.sent.map((r) => r.body!.events[0].id)).size).toBe(1); // the same event id: the server stores it once
    await b.advance(600_000);
    expect(b.sent).toHaveLength(4); // a 200 ends it
    expect(prism.state()).toMatchObject({ queued: 0, attempt: 0 });
    prism.close();
  });

  test("a flush during a send waits for it, then sends what was queued meanwhile: await flush() means delivered", async () => {
    const b = fakeBrowser({ config: { sampling: { default: 1 } } });
    const prism = createPrism({ key: KEY, host: "https://prism.example", batchSize: 100, flushIntervalMs: 600_000 }, b.env);
    prism.pageView();
    const release = b.hold();
    await b.settle(); // the config arrives and the page view's send starts, and stays in flight
    expect(names(b)).toEqual(["web.page_view"]);
    prism.track("checkout.clicked");
    const flushed = prism.flush();
    release();
    await flushed;
    expect(names(b)).toEqual(["web.page_view", "checkout.clicked"]);
    expect(prism.state().queued).toBe(0);
    prism.close();
  });

  test("a refused batch (400) is not retried", async () => {
    const b = fakeBrowser({ config: { sampling: { default: 1 } } });
    const prism = await started(b, { batchSize: 1 });
    b.reply({ status: 400 });
    prism.track("x");
    await b.advance(600_000);
    expect(b.sent).toHaveLength(1);
    prism.close();
  });

  test("on page hide the rest goes by sendBeacon, and by fetch keepalive when the beacon is refused", async () => {
    for (const beaconAccepts of [true, false]) {
      const b = fakeBrowser({ config: { sampling: { default: 1 } }, beaconAccepts });
      const prism = await started(b, { batchSize: 100 });
      prism.track("a");
      prism.pageView();
      b.hide();
      await b.settle();
      expect(b.sent.map((r) => r.via)).toEqual([beaconAccepts ? "beacon" : "fetch"]);
      expect(names(b)).toEqual(["a", "web.page_view"]);
      expect(b.sent[0].body!.events[1].properties.path).toBe("/pricing");
      prism.close();
    }
  });

  test("a client needs a public key", () => {
    const b = fakeBrowser();
    expect(() => createPrism({ key: "sk-prism-secret" }, b.env)).toThrow(/public key/);
  });
});
