// Weekly-summary web push: the member's opt-in endpoints, and the weekly job sending real encrypted pushes (web-push,
// RFC 8291 aes128gcm + VAPID) to a local HTTPS server standing in for the push service.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import webpush from "web-push";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { pushDeliveries, pushSubscriptions, spectrumInsights } from "@/db/schema";
import * as push from "@/app/api/v1/spectrum/me/push/route";
import * as deleteUser from "@/app/api/v1/users/[userId]/route";
import { resetEnvCache } from "@/lib/env";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { spectrumWeekly } from "@/inngest/functions/spectrum-weekly";
import { seedSpectrumDemo } from "@/lib/demo/spectrum";
import { SPECTRUM_WEEKLY_REQUESTED } from "@/lib/spectrum/store/period-jobs";
import { sendWeeklyPushes, setPushAgent, subscribePush } from "@/lib/spectrum/store/push";

const t = seededDatabase();
const b64u = (b: Buffer) => b.toString("base64url");

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}
const received: Received[] = [];
let server: https.Server;
let origin = "";
let trustTestServer: https.Agent;
let connections = 0;
const vapid = webpush.generateVAPIDKeys();

/** A browser's side of a subscription: its P-256 key pair and auth secret. */
function browserKeys() {
  const ecdh = crypto.createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = crypto.randomBytes(16);
  return { ecdh, auth, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) } };
}

/** RFC 8291 decryption, as the browser does it (one aes128gcm record). */
function decrypt(body: Buffer, browser: ReturnType<typeof browserKeys>): string {
  const salt = body.subarray(0, 16);
  const idlen = body[20];
  const serverPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const shared = browser.ecdh.computeSecret(serverPublic);
  const info = Buffer.concat([Buffer.from("WebPush: info\0"), browser.ecdh.getPublicKey(), serverPublic]);
  const ikm = Buffer.from(crypto.hkdfSync("sha256", shared, browser.auth, info, 32));
  const cek = Buffer.from(crypto.hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(crypto.hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = crypto.createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (padded[end] === 0) end--;
  expect(padded[end]).toBe(2); // last-record delimiter
  return padded.subarray(0, end).toString("utf8");
}

/** Checks the VAPID JWT (ES256) against our public key and returns its claims. */
function verifyVapid(authorization: string) {
  const m = /^vapid t=([^,]+), k=(.+)$/.exec(authorization);
  expect(m, authorization).not.toBeNull();
  const [, jwt, k] = m!;
  expect(k).toBe(vapid.publicKey);
  const [h, p, s] = jwt.split(".");
  const point = Buffer.from(k, "base64url");
  const key = crypto.createPublicKey({ key: { kty: "EC", crv: "P-256", x: b64u(point.subarray(1, 33)), y: b64u(point.subarray(33, 65)) }, format: "jwk" });
  expect(crypto.verify("sha256", Buffer.from(`${h}.${p}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(s, "base64url"))).toBe(true);
  return JSON.parse(Buffer.from(p, "base64url").toString()) as { aud: string; sub: string; exp: number };
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prism-push-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", path.join(dir, "key.pem"),
    "-out", path.join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  const cert = fs.readFileSync(path.join(dir, "cert.pem"));
  server = https.createServer({ key: fs.readFileSync(path.join(dir, "key.pem")), cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = req.url?.startsWith("/gone/") ? 410 : 201;
      res.end();
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fs.rmSync(dir, { recursive: true, force: true });
  trustTestServer = new https.Agent({ ca: cert });
  setPushAgent(trustTestServer);
  vi.stubEnv("VAPID_PUBLIC_KEY", vapid.publicKey);
  vi.stubEnv("VAPID_PRIVATE_KEY", vapid.privateKey);
  vi.stubEnv("VAPID_SUBJECT", "mailto:spectrum@example.test");
  resetEnvCache();
});

afterAll(async () => {
  setPushAgent(undefined);
  vi.unstubAllEnvs();
  resetEnvCache();
  await new Promise((resolve) => server.close(resolve));
});

describe("weekly summary push", () => {
  test("the member subscribes and unsubscribes; bad subscriptions are refused and change nothing", async () => {
    const member = t.org.users.member.id;
    const status = await call(push.GET, "/x", { as: member });
    expect(status.json).toEqual({ configured: true, publicKey: vapid.publicKey, endpoints: [] });
    const { keys } = browserKeys();
    const bad = [
      { endpoint: "http://push.example.test/x", keys },
      { endpoint: "https://127.0.0.1/x", keys },
      { endpoint: "https://localhost/x", keys },
      { endpoint: "https://push.example.test/x", keys: { p256dh: "short", auth: keys.auth } },
      { endpoint: "https://push.example.test/x" },
    ];
    for (const body of bad) expect((await call(push.POST, "/x", { method: "POST", as: member, body })).status).toBe(400);
    expect((await call(push.GET, "/x", { as: member })).json.endpoints).toEqual([]);

    const endpoint = "https://push.example.test/sub/1";
    const ok = await call(push.POST, "/x", { method: "POST", as: member, body: { endpoint, expirationTime: null, keys } });
    expect(ok.status).toBe(201);
    expect(ok.json.endpoints).toEqual([endpoint]);
    // Subscribing the same browser again refreshes the row instead of adding one.
    expect((await call(push.POST, "/x", { method: "POST", as: member, body: { endpoint, keys } })).json.endpoints).toEqual([endpoint]);
    expect((await call(push.GET, "/x", { as: t.org.users.viewer.id })).status).toBe(403);
    const off = await call(push.DELETE, "/x", { method: "DELETE", as: member, body: { endpoint } });
    expect(off.json).toMatchObject({ removed: 1, endpoints: [] });

    // Without VAPID keys the opt-in says push is not configured and subscribing is refused.
    vi.stubEnv("VAPID_PRIVATE_KEY", "");
    resetEnvCache();
    try {
      expect((await call(push.GET, "/x", { as: member })).json).toEqual({ configured: false, publicKey: null, endpoints: [] });
      const refused = await call(push.POST, "/x", { method: "POST", as: member, body: { endpoint, keys } });
      expect(refused.status).toBe(409);
      expect(refused.json.error.message).toMatch(/not configured/);
    } finally {
      vi.stubEnv("VAPID_PRIVATE_KEY", vapid.privateKey);
      resetEnvCache();
    }
  });

  test("the weekly job pushes once per opted-in user after the insight, removes gone subscriptions, and never resends", async () => {
    const p = t.org.project.id;
    await seedSpectrumDemo(t.h.db, p, new Date("2026-11-23T00:00:00Z"));
    const a = browserKeys();
    const gone = browserKeys();
    const c = browserKeys();
    await subscribePush(t.h.db, p, "user_0001", { endpoint: `${origin}/ok/a`, keys: a.keys });
    await subscribePush(t.h.db, p, "user_0001", { endpoint: `${origin}/gone/b`, keys: gone.keys });
    await subscribePush(t.h.db, p, "user_0002", { endpoint: `${origin}/ok/c`, keys: c.keys });

    const runner = () => new EmbeddedRunner(t.h.db, [spectrumWeekly], { log: () => {} });
    const r = runner();
    await r.send({ name: SPECTRUM_WEEKLY_REQUESTED, data: { projectId: p, periodAnchor: "2026-11-11T12:00:00Z" } });
    await r.drain();

    expect(received.map((x) => x.path).sort()).toEqual(["/gone/b", "/ok/a", "/ok/c"]);
    const toA = received.find((x) => x.path === "/ok/a")!;
    expect(toA.headers).toMatchObject({ "content-encoding": "aes128gcm", ttl: String(2 * 86_400), urgency: "low" });
    const claims = verifyVapid(String(toA.headers.authorization));
    expect(claims).toMatchObject({ aud: origin, sub: "mailto:spectrum@example.test" });
    const payload = JSON.parse(decrypt(toA.body, a));
    expect(payload).toEqual({ title: "Your weekly Spectrum", body: "Your summary for the week of Nov 9 is ready.", url: "/me", tag: "spectrum-2026-W46" });
    expect(JSON.parse(decrypt(received.find((x) => x.path === "/ok/c")!.body, c)).tag).toBe("spectrum-2026-W46");

    // Pushed after the insight was stored; the gone (410) subscription is removed; users without one got nothing.
    const insights = await t.h.db.select().from(spectrumInsights).where(and(eq(spectrumInsights.projectId, p), eq(spectrumInsights.periodKey, "2026-W46")));
    expect(insights.map((i) => i.userId).sort()).toEqual(["user_0001", "user_0002", "user_0003", "user_0004", "user_0005"]);
    const subs = await t.h.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.projectId, p));
    expect(subs.map((s) => s.endpoint).sort()).toEqual([`${origin}/ok/a`, `${origin}/ok/c`]);
    const deliveries = await t.h.db.select().from(pushDeliveries).where(eq(pushDeliveries.projectId, p));
    expect(deliveries.map(({ sentAt: _s, projectId: _p, ...d }) => d).sort((x, y) => x.userId.localeCompare(y.userId))).toEqual([
      { userId: "user_0001", periodKey: "2026-W46", delivered: 1, expired: 1, failed: 0 },
      { userId: "user_0002", periodKey: "2026-W46", delivered: 1, expired: 0, failed: 0 },
    ]);

    // A forced rerun of the same week, and another week's run in the same calendar week: outputs replaced, no push.
    const again = runner();
    await again.send({ name: SPECTRUM_WEEKLY_REQUESTED, data: { projectId: p, periodAnchor: "2026-11-11T12:00:00Z", rerun: "2" } });
    await again.send({ name: SPECTRUM_WEEKLY_REQUESTED, data: { projectId: p, periodAnchor: "2026-11-04T12:00:00Z" } });
    await again.drain();
    expect(received).toHaveLength(3);

    // Deleting the user removes their subscriptions and delivery records too.
    const del = await call(deleteUser.DELETE, "/x", { method: "DELETE", headers: bearer(t.org.apiKey.secretKey), params: { userId: "user_0001" } });
    expect(del.status).toBe(200);
    expect(del.json.deleted).toMatchObject({ push_subscriptions: 1, push_deliveries: 1 });
    expect(await t.h.db.select().from(pushSubscriptions).where(and(eq(pushSubscriptions.projectId, p), eq(pushSubscriptions.userId, "user_0001")))).toEqual([]);
  });

  test("by default a push never connects to a private address, even through a name that resolves to one", async () => {
    const p = t.org.project.id;
    const before = connections;
    const browser = browserKeys();
    // What a DNS-rebinding endpoint amounts to: a name (the subscribe API refuses localhost itself) that resolves to
    // the server's own network. Stored directly, as if its name had resolved publicly when the member subscribed.
    await subscribePush(t.h.db, p, "user_rebind", { endpoint: `${origin.replace("127.0.0.1", "localhost")}/ok/rebind`, keys: browser.keys });
    setPushAgent(undefined);
    try {
      const summary = await sendWeeklyPushes(t.h.db, p, ["user_rebind"], "2026-W40", "29 Sep");
      expect(summary).toEqual({ users: 1, delivered: 0, expired: 0, failed: 1 });
    } finally {
      setPushAgent(trustTestServer);
    }
    expect(connections).toBe(before);
  });
});
