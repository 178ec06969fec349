// The endpoints /sdk/prism.js calls, through the real handlers and database: events sent with the public key as
// text/plain (sendBeacon) are stored once each; the key can do nothing else; bad bodies and foreign origins change
// nothing; the config a page reads follows the admin's settings (consent, sampling, burst).
import { beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { apiKeys, auditLog, events } from "@/db/schema";
import * as browserEvents from "@/app/api/public/events/route";
import * as sdkConfig from "@/app/api/public/sdk-config/route";
import * as sdkSettings from "@/app/api/v1/project/sdk-settings/route";
import * as traces from "@/app/api/v1/traces/route";
import * as catalogRoute from "@/app/api/v1/catalog/route";
import { insertApiKey } from "@/lib/tenancy/api-keys";
import * as keysRoute from "@/app/api/v1/api-keys/route";
import * as keyRoute from "@/app/api/v1/api-keys/[id]/route";

const t = seededDatabase();
const pk = () => t.org.apiKey.publicKey;
const send = (body: unknown, opts: { key?: string; origin?: string; contentType?: string } = {}) =>
  call(browserEvents.POST, `/api/public/events?key=${encodeURIComponent(opts.key ?? pk())}`, {
    method: "POST",
    body,
    headers: { "content-type": opts.contentType ?? "text/plain;charset=UTF-8", ...(opts.origin ? { origin: opts.origin } : {}) },
  });
const event = (id: string, name = "ui.click", properties: Record<string, unknown> = { $sample_rate: 0.2 }) => ({
  id,
  name,
  timestamp: "2026-12-01T10:00:00.000Z",
  sessionId: "tab-1",
  properties,
});
const stored = async () =>
  (await t.h.db.select().from(events).where(eq(events.projectId, t.org.project.id))).filter((e) => e.id.startsWith("web:"));
const settingsBody = (over: Record<string, unknown> = {}) => ({ requireConsent: false, uiSampleRate: 0.2, burstMinutes: 0, allowedOrigins: [], ...over });
const putSettings = (body: unknown, as = t.org.users.admin.id) => call(sdkSettings.PUT, "/api/v1/project/sdk-settings", { method: "PUT", body, as });

let revokedPublicKey = "";
beforeAll(async () => {
  const key = await insertApiKey(t.h.db, t.org.project.id, "Revoked");
  await t.h.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, key.id));
  revokedPublicKey = key.publicKey;
});

describe("POST /api/public/events", () => {
  test("events sent as text/plain with the public key are stored once each, marked as browser events", async () => {
    const res = await send({ events: [event("e1"), event("e2", "web.page_view", { path: "/pricing" })] });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ accepted: 2, errors: [] });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");

    const again = await send({ events: [event("e1"), event("e2", "web.page_view", { path: "/pricing" })] }); // a retry after a lost reply
    expect(again.status).toBe(200);
    const rows = await stored();
    expect(rows.map((r) => r.id).sort()).toEqual(["web:e1", "web:e2"]);
    const view = rows.find((r) => r.id === "web:e2")!;
    expect(view).toMatchObject({ name: "web.page_view", sessionId: "tab-1", properties: { path: "/pricing", $source: "browser" } });
    expect(view.timestamp.toISOString()).toBe("2026-12-01T10:00:00.000Z");
  });

  test("a bad event fails alone and names its field; the others are stored", async () => {
    const res = await send({ events: [event("ok-1"), { ...event("bad-1"), timestamp: "yesterday" }] });
    expect(res.status).toBe(207);
    expect(res.json.accepted).toBe(1);
    expect(res.json.errors).toEqual([expect.objectContaining({ id: "bad-1" })]);
    expect((await stored()).map((r) => r.id)).toContain("web:ok-1");
  });

  test("missing, secret, unknown or revoked keys are refused with 401, still readable cross-origin", async () => {
    for (const key of ["", t.org.apiKey.secretKey, "pk-prism-000000000000000000000000", revokedPublicKey]) {
      const res = await send({ events: [event(`k-${key.length}`)] }, { key });
      expect(res.status, key).toBe(401);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
    }
    expect((await stored()).some((r) => r.id.startsWith("web:k-"))).toBe(false);
  });

  test("a public key revoked through the API is refused on the very next batch, although it was cached", async () => {
    const created = await call(keysRoute.POST, "/api/v1/api-keys", { method: "POST", as: t.org.users.admin.id, body: { name: "Browser" } });
    const { id, publicKey } = created.json as { id: string; publicKey: string };
    for (const n of [1, 2]) expect((await send({ events: [event(`cached-${n}`)] }, { key: publicKey })).status).toBe(200);
    expect((await call(keyRoute.DELETE, `/api/v1/api-keys/${id}`, { method: "DELETE", as: t.org.users.admin.id, params: { id } })).status).toBe(200);
    const after = await send({ events: [event("cached-3")] }, { key: publicKey });
    expect(after.status).toBe(401);
    expect((await stored()).map((r) => r.id)).not.toContain("web:cached-3");
  });

  test("the public key writes events and nothing else: it is not a secret key", async () => {
    const res = await call(traces.GET, "/api/v1/traces", { headers: bearer(pk()) });
    expect(res.status).toBe(401);
  });

  test("a body that is not JSON, too many events or another content type is a 4xx and stores nothing", async () => {
    const before = (await stored()).length;
    expect((await send("{not json")).status).toBe(400);
    const deep = await send(`{"events":[{"id":"d","name":"x","timestamp":"2026-12-01T10:00:00.000Z","properties":${"[".repeat(70)}${"]".repeat(70)}}]}`);
    expect(deep.status).toBe(400);
    expect(deep.json.error.message).toMatch(/nests deeper/);
    const tooMany = await send({ events: Array.from({ length: 101 }, (_, i) => event(`m${i}`)) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.message).toMatch(/at most 100/);
    expect((await send({ events: [event("form")] }, { contentType: "application/x-www-form-urlencoded" })).status).toBe(415);
    expect((await stored()).length).toBe(before);
  });

  test("when the project names its origins, other pages are refused and nothing is stored", async () => {
    expect((await putSettings(settingsBody({ allowedOrigins: ["https://app.example"] }))).status).toBe(200);
    const foreign = await send({ events: [event("o1")] }, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect((await send({ events: [event("o2")] })).status).toBe(403); // no Origin: not a page of the allowed site
    expect((await send({ events: [event("o3")] }, { origin: "https://app.example" })).status).toBe(200);
    const ids = (await stored()).map((r) => r.id);
    expect(ids).toContain("web:o3");
    expect(ids).not.toContain("web:o1");
    expect(ids).not.toContain("web:o2");
    await putSettings(settingsBody());
  });
});

describe("GET /api/public/sdk-config and the admin's settings", () => {
  test("a new project serves the defaults: no consent needed, UI events at 20%, no burst", async () => {
    const res = await call(sdkConfig.GET, `/api/public/sdk-config?key=${pk()}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ requireConsent: false, burst: false, sampling: { default: 0.2, events: {} } });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  test("an admin requires consent, changes the rate and starts a burst; pages read it and the change is audited", async () => {
    const res = await putSettings(settingsBody({ requireConsent: true, uiSampleRate: 0.05, burstMinutes: 30 }));
    expect(res.status).toBe(200);
    expect(res.json.settings).toMatchObject({ requireConsent: true, uiSampleRate: 0.05 });
    const config = await call(sdkConfig.GET, `/api/public/sdk-config?key=${pk()}`);
    expect(config.json).toEqual({ requireConsent: true, burst: true, sampling: { default: 0.05, events: {} } });
    const audit = await t.h.db.select().from(auditLog).where(eq(auditLog.action, "browser_sdk_settings.updated"));
    expect(audit.at(-1)?.details).toMatchObject({ requireConsent: true, uiSampleRate: 0.05 });
  });

  test("a bad origin or rate is a 400 naming it, and nothing changes", async () => {
    const before = (await call(sdkSettings.GET, "/api/v1/project/sdk-settings", { as: t.org.users.admin.id })).json.settings;
    const badOrigin = await putSettings(settingsBody({ allowedOrigins: ["https://app.example/path"] }));
    expect(badOrigin.status).toBe(400);
    expect(badOrigin.json.error.message).toMatch(/app\.example\/path.*not an origin/);
    const badRate = await putSettings(settingsBody({ uiSampleRate: 2 }));
    expect(badRate.status).toBe(400);
    expect(badRate.json.error.message).toMatch(/uiSampleRate/);
    const after = (await call(sdkSettings.GET, "/api/v1/project/sdk-settings", { as: t.org.users.admin.id })).json.settings;
    expect(after).toEqual(before);
  });
});

describe("with the project's event catalog", () => {
  const catalog = `mode: enforce
events:
  - name: checkout.clicked
    samplingRate: 1
    schema:
      type: object
      properties:
        plan: { enum: [free, pro] }
  - name: ui.hover
    samplingRate: 0.01
`;
  beforeAll(async () => {
    const res = await call(catalogRoute.PUT, "/api/v1/catalog", { method: "PUT", body: catalog, headers: { ...bearer(t.org.apiKey.secretKey), "content-type": "application/yaml" } });
    expect(res.status).toBe(200);
  });

  test("pages get the catalog's per-event sampling rates", async () => {
    const config = await call(sdkConfig.GET, `/api/public/sdk-config?key=${pk()}`);
    expect(config.json.sampling.events).toEqual({ "checkout.clicked": 1, "ui.hover": 0.01 });
  });

  test("browser events meet the same contract as server events: a violating one is refused by name, the good one stored", async () => {
    const res = await send({ events: [event("c-ok", "checkout.clicked", { plan: "pro" }), event("c-bad", "checkout.clicked", { plan: "gold" })] });
    expect(res.status).toBe(207);
    expect(res.json.accepted).toBe(1);
    expect(res.json.errors).toEqual([{ id: "c-bad", message: expect.stringContaining("plan") }]);
    const ids = (await stored()).map((r) => r.id);
    expect(ids).toContain("web:c-ok");
    expect(ids).not.toContain("web:c-bad");
  });
});
