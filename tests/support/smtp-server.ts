// Why: tests that send mail talk to a real SMTP conversation on 127.0.0.1 (no network), not a mocked mailer.
import net, { type AddressInfo } from "node:net";
import { resetEnvCache } from "@/lib/env";

/** Undo quoted-printable (body) and RFC 2047 Q-words (headers): enough to read what nodemailer sent. */
export function decodeMail(raw: string): string {
  const qp = (x: string) => Buffer.from(x.replace(/=\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
  return qp(raw.replace(/\?=\n =\?UTF-8\?Q\?/g, "").replace(/=\?UTF-8\?Q\?(.*?)\?=/g, (_, w: string) => w.replace(/_/g, " ")));
}

/** A tiny SMTP server: accepts any recipient except nobody@… (refused with 550, a bounce), records each message. */
export function smtpServer() {
  const mails: { to: string[]; data: string }[] = [];
  const server = net.createServer((sock) => {
    let buf = "";
    let inData = false;
    let cur = { to: [] as string[], data: "" };
    sock.write("220 test ESMTP\r\n");
    sock.on("data", (chunk) => {
      buf += chunk.toString();
      for (let i = buf.indexOf("\r\n"); i >= 0; i = buf.indexOf("\r\n")) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            mails.push(cur);
            cur = { to: [], data: "" };
            sock.write("250 2.0.0 queued\r\n");
          } else cur.data += `${line}\n`;
          continue;
        }
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === "EHLO" || cmd === "HELO") sock.write("250 test\r\n");
        else if (cmd === "MAIL" || cmd === "RSET" || cmd === "NOOP") sock.write("250 OK\r\n");
        else if (cmd === "RCPT") {
          if (/nobody@/i.test(line)) sock.write("550 5.1.1 No such user\r\n");
          else {
            cur.to.push(line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, "$1"));
            sock.write("250 OK\r\n");
          }
        } else if (cmd === "DATA") {
          inData = true;
          sock.write("354 go ahead\r\n");
        } else if (cmd === "QUIT") {
          sock.write("221 bye\r\n");
          sock.end();
        } else sock.write("502 not implemented\r\n");
      }
    });
  });
  return { server, mails };
}

/** Runs `fn` with SMTP_URL/ALERT_EMAIL_FROM pointing at a fresh local server, then restores the environment. */
export async function withSmtp<T>(fn: (mails: { to: string[]; data: string }[]) => Promise<T>): Promise<T> {
  const { server, mails } = smtpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const saved = { url: process.env.SMTP_URL, from: process.env.ALERT_EMAIL_FROM };
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.ALERT_EMAIL_FROM = "prism@prism.test";
  resetEnvCache();
  try {
    return await fn(mails);
  } finally {
    process.env.SMTP_URL = saved.url ?? "";
    process.env.ALERT_EMAIL_FROM = saved.from ?? "";
    resetEnvCache();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
