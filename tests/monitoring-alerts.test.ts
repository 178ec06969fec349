import { afterAll, beforeAll, expect, test } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { call, seededDatabase } from "./support/fixtures";
import { decodeMail, withSmtp } from "./support/smtp-server";
import { alertNotifications, metricRollups, monitoringAnomalies } from "@/db/schema";
import { evaluateAlerts } from "@/lib/monitoring/alerts/evaluate";
import { resetEnvCache } from "@/lib/env";
import * as rulesRoute from "@/app/api/v1/monitoring/alert-rules/route";
import * as ruleRoute from "@/app/api/v1/monitoring/alert-rules/[id]/route";
import * as notificationsRoute from "@/app/api/v1/monitoring/notifications/route";
import * as ackRoute from "@/app/api/v1/monitoring/notifications/[id]/acknowledge/route";

const t = seededDatabase();
const received: { path: string; body: { text: string } }[] = [];
let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", body: JSON.parse(data) });
      res.statusCode = req.url === "/broken" ? 500 : 200;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The receiver is on loopback: only reachable because the operator allow-lists it (see monitoring-webhook-ssrf).
  process.env.PRISM_WEBHOOK_ALLOWLIST = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.PRISM_WEBHOOK_ALLOWLIST;
  resetEnvCache();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const now = new Date("2026-11-20T12:30:00Z");

test("an anomaly rule posts Slack-compatible JSON once, then respects cooldown and silence", async () => {
  const pid = t.org.project.id;
  const create = (body: unknown, as = t.org.users.analyst.id) => call(rulesRoute.POST, "/api/v1/monitoring/alert-rules", { method: "POST", as, body });
  expect((await create({ name: "x", condition: "anomaly", webhookUrl: `${base}/hook` }, t.org.users.viewer.id)).status).toBe(403);
  expect((await create({ name: "x", condition: "above", webhookUrl: `${base}/hook` })).json.error.message).toMatch(/^threshold/);
  expect((await create({ name: "x", condition: "anomaly", webhookUrl: "file:///etc/passwd" })).status).toBe(400);
  const res = await create({ name: "Errors", condition: "anomaly", metric: "error_rate", minSeverity: "high", webhookUrl: `${base}/hook`, cooldownMinutes: 60 });
  expect(res.status).toBe(201);
  const rule = res.json.rule;
  // Rules only report what was detected after they were created.
  const day = (n: number) => new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - n * 86_400_000);
  const anomaly = { projectId: pid, metric: "error_rate", granularity: "day" as const, value: 0.18, expected: 0.03, lower: 0.02, upper: 0.05, score: 20, direction: "up" as const, kind: "spike" as const, detectedAt: new Date() };
  await t.h.db.insert(monitoringAnomalies).values([
    { ...anomaly, severity: "critical", timestamp: day(1) },
    { ...anomaly, severity: "low", score: 4.1, timestamp: day(2) },
    { ...anomaly, severity: "critical", timestamp: day(20) }, // history, not news
  ]);
  const later = new Date(Date.now() + 60_000);
  expect(await evaluateAlerts(t.h.db, pid, later)).toMatchObject({ sent: 1, failed: 0 });
  expect(received).toHaveLength(1);
  expect(received[0].body.text).toMatch(/Prism alert "Errors": 1 new anomaly\n• \[critical\] Product error rate/);
  // Within the cooldown nothing is sent, even for a new anomaly.
  await t.h.db.insert(monitoringAnomalies).values({ ...anomaly, severity: "critical", timestamp: day(0), detectedAt: new Date(later.getTime() + 1000) });
  expect(await evaluateAlerts(t.h.db, pid, new Date(later.getTime() + 10 * 60_000))).toMatchObject({ sent: 0 });
  // Silenced: still nothing after the cooldown.
  const silence = await call(ruleRoute.PATCH, `/api/v1/monitoring/alert-rules/${rule.id}`, {
    method: "PATCH", as: t.org.users.analyst.id, params: { id: rule.id }, body: { silencedUntil: new Date(later.getTime() + 3 * 3_600_000).toISOString() },
  });
  expect(silence.status).toBe(200);
  expect(await evaluateAlerts(t.h.db, pid, new Date(later.getTime() + 2 * 3_600_000))).toMatchObject({ evaluated: 0 });
  // After the silence, the anomaly that arrived meanwhile is sent.
  expect(await evaluateAlerts(t.h.db, pid, new Date(later.getTime() + 4 * 3_600_000))).toMatchObject({ sent: 1 });
  expect(received).toHaveLength(2);
});

test("a metric rule fires on the latest complete hour; failed deliveries are logged; the log can be acknowledged", async () => {
  const pid = t.org.project.id;
  await t.h.db.insert(metricRollups).values({ projectId: pid, metric: "latency_p95", granularity: "hour", bucketStart: new Date("2026-11-20T11:00:00Z"), value: 4200, count: 30 });
  const res = await call(rulesRoute.POST, "/api/v1/monitoring/alert-rules", {
    method: "POST", as: t.org.users.admin.id, body: { name: "Slow", condition: "above", metric: "latency_p95", threshold: 3000, webhookUrl: `${base}/broken`, cooldownMinutes: 0 },
  });
  expect(res.status).toBe(201);
  await t.h.db.update(monitoringAnomalies).set({ status: "acknowledged" }).where(eq(monitoringAnomalies.projectId, pid));
  const outcome = await evaluateAlerts(t.h.db, pid, now);
  expect(outcome.failed).toBe(1);
  expect(received.at(-1)?.body.text).toMatch(/Latency p95 was 4200 in the hour from 2026-11-20T11:00Z \(above 3000\)/);
  const log = await call(notificationsRoute.GET, "/api/v1/monitoring/notifications", { as: t.org.users.viewer.id });
  const failed = log.json.data.find((n: { status: string }) => n.status === "failed");
  expect(failed).toMatchObject({ ruleName: "Slow", responseStatus: 500, error: "webhook answered 500" });
  const ack = await call(ackRoute.POST, `/api/v1/monitoring/notifications/${failed.id}/acknowledge`, { method: "POST", as: t.org.users.analyst.id, params: { id: failed.id } });
  expect(ack.status).toBe(200);
  const [row] = await t.h.db.select().from(alertNotifications).where(eq(alertNotifications.id, failed.id));
  expect(row.acknowledgedAt).not.toBeNull();
  const del = await call(ruleRoute.DELETE, `/api/v1/monitoring/alert-rules/${res.json.rule.id}`, { method: "DELETE", as: t.org.users.analyst.id, params: { id: res.json.rule.id } });
  expect(del.status).toBe(200);
});

test("email: refused until SMTP is configured, then sent over SMTP and logged per channel, failures included", async () => {
  const pid = t.org.project.id;
  const create = (body: unknown) => call(rulesRoute.POST, "/api/v1/monitoring/alert-rules", { method: "POST", as: t.org.users.analyst.id, body });
  const emailRule = { name: "Latency by email", condition: "anomaly", metric: "latency_p95", minSeverity: "medium", emailRecipients: ["oncall@example.com"] };
  // Not configured: the API says so and stores nothing; the rules list reports email as unavailable.
  const refused = await create(emailRule);
  expect(refused.status).toBe(422);
  expect(refused.json.error.message).toMatch(/SMTP_URL and ALERT_EMAIL_FROM/);
  expect((await call(rulesRoute.GET, "/api/v1/monitoring/alert-rules", { as: t.org.users.viewer.id })).json.channels).toEqual({ webhook: true, email: false });
  expect((await create({ name: "nowhere", condition: "anomaly" })).json.error.message).toMatch(/webhookUrl, emailRecipients or both/);
  expect((await create({ ...emailRule, emailRecipients: ["not an address"] })).status).toBe(400);

  await withSmtp(async (mails) => {
    expect((await call(rulesRoute.GET, "/api/v1/monitoring/alert-rules", { as: t.org.users.viewer.id })).json.channels.email).toBe(true);
    expect((await create({ ...emailRule, webhookUrl: `${base}/hook`, emailRecipients: ["oncall@example.com", "nobody@example.com"] })).status).toBe(201);
    expect((await create({ ...emailRule, name: "Bounced", emailRecipients: ["nobody@example.com"] })).status).toBe(201);
    const detectedAt = new Date(Date.now() + 1000);
    await t.h.db.insert(monitoringAnomalies).values({
      projectId: pid, metric: "latency_p95", granularity: "hour", value: 4100, expected: 900, lower: 700, upper: 1100, score: 14,
      direction: "up", kind: "spike", severity: "critical", timestamp: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000), detectedAt,
    });
    const webhooksBefore = received.length;
    const outcome = await evaluateAlerts(t.h.db, pid, new Date(detectedAt.getTime() + 60_000));
    expect(outcome).toMatchObject({ sent: 2, failed: 1 }); // webhook + email sent; the bounced rule's email failed
    expect(received.length).toBe(webhooksBefore + 1);
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual(["oncall@example.com"]);
    const mail = decodeMail(mails[0].data);
    expect(mail).toMatch(/Subject: Prism alert "Latency by email": 1 new anomaly/);
    expect(mail).toMatch(/• \[critical\] Latency p95 spike up on .*: 4100 vs expected 900/);
    const log = (await call(notificationsRoute.GET, "/api/v1/monitoring/notifications", { as: t.org.users.viewer.id })).json.data as {
      ruleName: string; channel: string; target: string; status: string; responseStatus: number | null; error: string | null;
    }[];
    expect(log.filter((n) => n.ruleName === "Latency by email").map((n) => n.channel).sort()).toEqual(["email", "webhook"]);
    expect(log.find((n) => n.ruleName === "Latency by email" && n.channel === "email")).toMatchObject({
      status: "sent", target: "oncall@example.com, nobody@example.com", responseStatus: 250, error: expect.stringMatching(/rejected by the mail server: nobody@example.com/),
    });
    expect(log.find((n) => n.ruleName === "Bounced")).toMatchObject({ channel: "email", status: "failed", responseStatus: 550 });
  });
});
