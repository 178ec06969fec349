// Alert webhooks must not turn Prism into a port scanner of its own network (issue 12 finding 5): private targets are
// refused on save and at connect time, redirects are re-checked per hop, and only an operator allow-list opens a way.
import { afterAll, beforeAll, expect, test } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { call, seededDatabase } from "./support/fixtures";
import { alertNotifications, alertRules, monitoringAnomalies } from "@/db/schema";
import { evaluateAlerts } from "@/lib/monitoring/alerts/evaluate";
import { resetEnvCache } from "@/lib/env";
import * as rulesRoute from "@/app/api/v1/monitoring/alert-rules/route";
import * as notificationsRoute from "@/app/api/v1/monitoring/notifications/route";

const t = seededDatabase();
const hits: { port: number; method: string; path: string }[] = [];
let redirector: http.Server; // allow-listed; redirects where the path says
let internal: http.Server; // an internal service that must never be reached
let redirectorPort = 0;
let internalPort = 0;

function listen(handler: http.RequestListener) {
  return new Promise<http.Server>((resolve) => {
    const s = http.createServer(handler);
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
}

beforeAll(async () => {
  internal = await listen((req, res) => {
    hits.push({ port: internalPort, method: req.method ?? "", path: req.url ?? "" });
    res.end("secret");
  });
  internalPort = (internal.address() as AddressInfo).port;
  redirector = await listen((req, res) => {
    req.resume();
    hits.push({ port: redirectorPort, method: req.method ?? "", path: req.url ?? "" });
    const u = new URL(req.url ?? "/", "http://x");
    if (u.pathname === "/to") {
      res.writeHead(Number(u.searchParams.get("status") ?? 307), { location: u.searchParams.get("url") ?? "/" });
    } else if (u.pathname === "/loop") {
      res.writeHead(307, { location: "/loop" });
    }
    res.end("ok");
  });
  redirectorPort = (redirector.address() as AddressInfo).port;
  process.env.PRISM_WEBHOOK_ALLOWLIST = `127.0.0.1:${redirectorPort}`;
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.PRISM_WEBHOOK_ALLOWLIST;
  resetEnvCache();
  await Promise.all([redirector, internal].map((s) => new Promise((resolve) => s.close(resolve))));
});

const create = (webhookUrl: string) =>
  call(rulesRoute.POST, "/api/v1/monitoring/alert-rules", { method: "POST", as: t.org.users.analyst.id, body: { name: "hook", condition: "anomaly", minSeverity: "low", webhookUrl } });

test("private, loopback, link-local and metadata webhook URLs are refused on save with 400, and nothing is stored", async () => {
  for (const url of [
    `http://127.0.0.1:${internalPort}/`,
    `http://localhost:${internalPort}/`,
    "http://2130706433/",
    "http://0x7f.1/",
    "http://[::1]:5432/",
    "http://[::ffff:127.0.0.1]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.5/hook",
    "http://192.168.1.1/",
    "http://metadata.google.internal/",
  ]) {
    const res = await create(url);
    expect(res.status, url).toBe(400);
    expect(res.json.error.message, url).toMatch(/^webhookUrl: .*PRISM_WEBHOOK_ALLOWLIST/);
  }
  expect(await t.h.db.select().from(alertRules).where(eq(alertRules.projectId, t.org.project.id))).toEqual([]);
  expect((await create(`http://127.0.0.1:${redirectorPort}/hook`)).status).toBe(201); // allow-listed
  await t.h.db.delete(alertRules).where(eq(alertRules.projectId, t.org.project.id));
});

/** Stores a rule directly (as if saved before the rule existed, or DNS changed since), fires it, returns its log row. */
async function fire(webhookUrl: string) {
  const pid = t.org.project.id;
  await t.h.db.delete(alertNotifications).where(eq(alertNotifications.projectId, pid));
  await t.h.db.delete(alertRules).where(eq(alertRules.projectId, pid));
  const created = new Date("2026-11-20T00:00:00Z");
  await t.h.db.insert(alertRules).values({ projectId: pid, name: "hook", condition: "anomaly", minSeverity: "low", webhookUrl, cooldownMinutes: 0, createdAt: created });
  const now = new Date("2026-11-20T12:00:00Z");
  await t.h.db.delete(monitoringAnomalies).where(eq(monitoringAnomalies.projectId, pid));
  await t.h.db.insert(monitoringAnomalies).values({
    projectId: pid, metric: "error_rate", granularity: "hour", value: 0.2, expected: 0.02, lower: 0.01, upper: 0.04, score: 9,
    direction: "up", kind: "spike", severity: "high", timestamp: new Date("2026-11-20T10:00:00Z"), detectedAt: new Date("2026-11-20T11:00:00Z"),
  });
  const before = hits.length;
  const outcome = await evaluateAlerts(t.h.db, pid, now, { mailer: null });
  const log = await call(notificationsRoute.GET, "/api/v1/monitoring/notifications", { as: t.org.users.viewer.id });
  return { outcome, hits: hits.slice(before), row: log.json.data[0] as { status: string; error: string | null; responseStatus: number | null } };
}

test("a name that resolves to loopback is refused at connect time, with a coarse reason for viewers", async () => {
  const { outcome, hits: reached, row } = await fire(`http://localhost:${internalPort}/hook`);
  expect(outcome).toMatchObject({ sent: 0, failed: 1 });
  expect(reached).toEqual([]);
  expect(row).toMatchObject({ status: "failed", responseStatus: null, error: "refused: the webhook address is not public" });
});

test("a redirect from an allowed webhook to a loopback address is not followed", async () => {
  for (const target of [`http://127.0.0.1:${internalPort}/admin`, `http://localhost:${internalPort}/admin`, "http://2130706433/"]) {
    const { hits: reached, row } = await fire(`http://127.0.0.1:${redirectorPort}/to?url=${encodeURIComponent(target)}`);
    expect(reached.map((h) => h.port), target).toEqual([redirectorPort]);
    expect(row, target).toMatchObject({ status: "failed", error: "refused: the webhook address is not public" });
  }
});

test("allow-listed webhooks are delivered, redirects within the allow-list are followed, and redirect loops end", async () => {
  const direct = await fire(`http://127.0.0.1:${redirectorPort}/hook`);
  expect(direct.row).toMatchObject({ status: "sent", responseStatus: 200, error: null });
  expect(direct.hits).toEqual([{ port: redirectorPort, method: "POST", path: "/hook" }]);

  const hop = await fire(`http://127.0.0.1:${redirectorPort}/to?status=307&url=/final`);
  expect(hop.row).toMatchObject({ status: "sent", responseStatus: 200 });
  expect(hop.hits.map((h) => `${h.method} ${h.path.split("?")[0]}`)).toEqual(["POST /to", "POST /final"]);

  const loop = await fire(`http://127.0.0.1:${redirectorPort}/loop`);
  expect(loop.row).toMatchObject({ status: "failed", error: "the webhook redirected too many times" });
  expect(loop.hits).toHaveLength(4); // the first request and three redirects, never 20
});

test("a refused connection reports a coarse reason, not the socket error", async () => {
  const closed = await listen(() => {});
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  process.env.PRISM_WEBHOOK_ALLOWLIST = `127.0.0.1:${redirectorPort},127.0.0.1:${port}`;
  resetEnvCache();
  const { row } = await fire(`http://127.0.0.1:${port}/`);
  expect(row).toMatchObject({ status: "failed", error: "could not connect to the webhook" });
  expect(row.error).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  process.env.PRISM_WEBHOOK_ALLOWLIST = `127.0.0.1:${redirectorPort}`;
  resetEnvCache();
});
