/**
 * Alert email over SMTP (nodemailer), on when SMTP_URL and ALERT_EMAIL_FROM are both set. One transport per
 * SMTP URL is kept for the process; timeouts keep a dead mail server from stalling the detection job.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { env, type Env } from "@/lib/env";

export interface AlertEmail {
  to: string[];
  subject: string;
  text: string;
}

export interface EmailOutcome {
  accepted: string[];
  rejected: string[];
  response: string;
}

export interface Mailer {
  send(mail: AlertEmail): Promise<EmailOutcome>;
}

export function emailConfigured(e: Env = env()): boolean {
  return Boolean(e.SMTP_URL && e.ALERT_EMAIL_FROM);
}

const transports = new Map<string, Transporter>();

/** The configured SMTP mailer, or null when email is not configured. */
export function smtpMailer(e: Env = env()): Mailer | null {
  const url = e.SMTP_URL;
  const from = e.ALERT_EMAIL_FROM;
  if (!url || !from) return null;
  let transport = transports.get(url);
  if (!transport) {
    const parsed = new URL(url);
    transport = nodemailer.createTransport({
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : parsed.protocol === "smtps:" ? 465 : 587,
      secure: parsed.protocol === "smtps:",
      auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    transports.set(url, transport);
  }
  const t = transport;
  return {
    async send(mail) {
      const info = await t.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
      return { accepted: info.accepted.map(String), rejected: info.rejected.map(String), response: String(info.response ?? "") };
    },
  };
}
