/**
 * Alert evaluation (run by the detection job after each pass): each enabled, unsilenced rule outside its cooldown
 * sends one message covering everything new since its last notification, to its Slack-compatible webhook
 * (`{ text }`) and/or by email to its recipients (SMTP, when configured); every attempt on every channel is
 * written to the notification log. Muted series (store/mutes.ts) fire nothing while their mute lasts.
 */
import type { Db } from "@/db/client";
import { env } from "@/lib/env";
import { parseHostAllowlist } from "@/lib/http/public-address";
import { OutboundError, postToPublicUrl } from "@/lib/http/public-post";
import { metricInfo } from "../rollups/catalog";
import { SEVERITY_RANK } from "../anomaly/sensitivity";
import {
  type AlertRule,
  enabledAlertRules,
  lastSentNotification,
  latestHourlyBefore,
  logNotifications,
  openAnomaliesSince,
  PROJECT_TOTAL,
  ruleSeries,
} from "../store/alert-evaluation";
import { metricMuted } from "../store/mutes";
import { seriesLabel } from "../rollups/series-label";
import { cohortNamesById } from "@/lib/cohorts/store/cohorts";
import { type Mailer, smtpMailer } from "./email";
import { log } from "@/lib/log";
import { deadLettersSince } from "@/lib/jobs/stats";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Anomalies older than this are history, not news: a new rule does not page about last month. */
const NEWS_WINDOW_MS = 3 * DAY;

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ status: number; ok: boolean }>;

export interface AlertDeps {
  fetch?: FetchLike;
  /** null: email not configured. Defaults to the SMTP mailer from the environment. */
  mailer?: Mailer | null;
}

type Rule = AlertRule;

type Delivery = { channel: "webhook" | "email"; target: string | null; status: "sent" | "failed"; responseStatus: number | null; error: string | null };

async function deliverWebhook(url: string, message: string, fetchImpl: FetchLike): Promise<Delivery> {
  const d: Delivery = { channel: "webhook", target: hostOf(url), status: "failed", responseStatus: null, error: null };
  try {
    const res = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: message }),
    });
    d.responseStatus = res.status;
    d.status = res.ok ? "sent" : "failed";
    if (!res.ok) d.error = `webhook answered ${res.status}`;
  } catch (err) {
    // Viewers read this log: a coarse reason only (a port scanner must learn nothing); details go to the server log.
    d.error = err instanceof OutboundError ? err.message : "could not reach the webhook";
    log("alerts").warn({ target: d.target, error: err instanceof OutboundError ? err.detail : String(err) }, "alert webhook failed");
  }
  return d;
}

/** The default webhook transport: public addresses only (or allow-listed), redirects re-checked per hop. */
function publicWebhookFetch(): FetchLike {
  const allow = parseHostAllowlist(env().PRISM_WEBHOOK_ALLOWLIST);
  return (url, init) => postToPublicUrl(url, init.body, { allow, headers: init.headers });
}

async function deliverEmail(rule: Rule, message: string, mailer: Mailer | null): Promise<Delivery> {
  const d: Delivery = { channel: "email", target: rule.emailRecipients.join(", "), status: "failed", responseStatus: null, error: null };
  if (!mailer) {
    d.error = "email is not configured on this server (set SMTP_URL and ALERT_EMAIL_FROM)";
    return d;
  }
  try {
    const [firstLine] = message.split("\n");
    const out = await mailer.send({ to: rule.emailRecipients, subject: firstLine.slice(0, 200), text: message });
    d.status = out.accepted.length > 0 ? "sent" : "failed";
    if (out.rejected.length > 0) d.error = `rejected by the mail server: ${out.rejected.join(", ")}`;
    const code = /^(\d{3})\b/.exec(out.response)?.[1];
    d.responseStatus = code ? Number(code) : null;
  } catch (err) {
    d.error = err instanceof Error ? err.message : String(err);
    const code = (err as { responseCode?: unknown }).responseCode;
    if (typeof code === "number") d.responseStatus = code;
  }
  return d;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Sends the message on every channel of the rule; one log row per channel. */
async function deliver(db: Db, rule: Rule, message: string, anomalyIds: string[], deps: Required<AlertDeps>): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  if (rule.webhookUrl) deliveries.push(await deliverWebhook(rule.webhookUrl, message, deps.fetch));
  if (rule.emailRecipients.length > 0) deliveries.push(await deliverEmail(rule, message, deps.mailer));
  await logNotifications(db, deliveries.map((d) => ({ projectId: rule.projectId, ruleId: rule.id, anomalyIds, message, ...d })));
  return deliveries;
}

async function newAnomalies(db: Db, rule: Rule, since: Date, now: Date) {
  const rows = await openAnomaliesSince(db, rule.projectId, rule.metric, since, new Date(now.getTime() - NEWS_WINDOW_MS), now, ruleSeries(rule));
  return rows.filter((a) => SEVERITY_RANK[a.severity] >= SEVERITY_RANK[rule.minSeverity]);
}

/** The latest complete hour of a metric, project-wide or of the rule's series (the hour in progress is not judged). */
function latestHourly(db: Db, rule: Rule, metric: string, now: Date) {
  return latestHourlyBefore(db, rule.projectId, metric, new Date(Math.floor(now.getTime() / HOUR) * HOUR), ruleSeries(rule) ?? PROJECT_TOTAL);
}

/**
 * The built-in jobs alert: runs that exhausted their retries (dead letters, not replayed) since the last notice.
 * The threshold, when set, is how many new dead letters it takes (default: any).
 */
async function deadLetterNews(db: Db, projectId: string, rule: Rule, since: Date): Promise<string | null> {
  const dead = await deadLettersSince(db, projectId, since);
  if (dead.length === 0 || dead.length <= (rule.threshold ?? 0)) return null;
  const lines = dead.slice(0, 10).map((r) => `• ${r.functionId} run ${r.id} died ${r.finishedAt?.toISOString().slice(0, 16)}Z`);
  const more = dead.length >= 20 ? "20 or more" : String(dead.length);
  return `Prism alert "${rule.name}": ${more} job run${dead.length === 1 ? "" : "s"} dead-lettered (out of retries); replay from the Jobs page\n${lines.join("\n")}`;
}

export async function evaluateAlerts(db: Db, projectId: string, now = new Date(), deps: AlertDeps = {}) {
  const channels: Required<AlertDeps> = { fetch: deps.fetch ?? publicWebhookFetch(), mailer: deps.mailer === undefined ? smtpMailer() : deps.mailer };
  const rules = await enabledAlertRules(db, projectId);
  // Cohort series are keyed by id; messages name the cohort.
  const cohortNames = await cohortNamesById(db, projectId);
  const outcome = { evaluated: 0, sent: 0, failed: 0 };
  for (const rule of rules) {
    if (rule.silencedUntil && rule.silencedUntil > now) continue;
    const lastSent = await lastSentNotification(db, rule.id);
    if (lastSent && now.getTime() - lastSent.getTime() < rule.cooldownMinutes * 60_000) continue;
    outcome.evaluated++;
    let message: string | null = null;
    let anomalyIds: string[] = [];
    if (rule.condition === "anomaly") {
      const found = await newAnomalies(db, rule, lastSent ?? rule.createdAt, now);
      if (found.length > 0) {
        anomalyIds = found.map((a) => a.id);
        const lines = found
          .slice(0, 10)
          .map((a) =>
            a.kind === "drift"
              ? `• [${a.severity}] drift in ${a.metric.slice("drift.".length)} (${a.dimensionValue} ${a.direction === "down" ? "p-value" : "statistic"} ${a.value.toPrecision(3)}, threshold ${a.expected}) in the 7 days before ${a.timestamp.toISOString().slice(0, 10)}`
              : `• [${a.severity}] ${metricInfo(a.metric).label}${a.dimension === "all" ? "" : ` (${seriesLabel(a.dimension, a.dimensionValue, cohortNames)})`} ${a.kind} ${a.direction} on ${a.timestamp.toISOString().slice(0, 16)}Z: ${a.value.toPrecision(4)} vs expected ${a.expected.toPrecision(4)}`,
          );
        message = `Prism alert "${rule.name}": ${found.length} new anomal${found.length === 1 ? "y" : "ies"}\n${lines.join("\n")}`;
      }
    } else if (rule.condition === "dead_letters") {
      message = await deadLetterNews(db, projectId, rule, lastSent ?? rule.createdAt);
    } else if (rule.metric && rule.threshold !== null && !(await metricMuted(db, projectId, rule.metric, now))) {
      const latest = await latestHourly(db, rule, rule.metric, now);
      const breached = latest && (rule.condition === "above" ? latest.value > rule.threshold : latest.value < rule.threshold);
      if (latest && breached) {
        const series = rule.dimension && rule.dimensionValue ? ` (${seriesLabel(rule.dimension, rule.dimensionValue, cohortNames)})` : "";
        message = `Prism alert "${rule.name}": ${metricInfo(rule.metric).label}${series} was ${latest.value.toPrecision(4)} in the hour from ${latest.bucketStart.toISOString().slice(0, 16)}Z (${rule.condition} ${rule.threshold})`;
      }
    }
    if (!message) continue;
    for (const d of await deliver(db, rule, message, anomalyIds, channels)) outcome[d.status]++;
  }
  return outcome;
}
