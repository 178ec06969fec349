/**
 * POSTs to a URL that a user typed (alert webhooks) without letting it reach our own network: every hop is checked
 * (literal address before connecting, every resolved address at connect time), redirects are followed by hand with
 * the same check on each, and errors come back as a coarse reason safe to show to any project member.
 */
import http from "node:http";
import https from "node:https";
import type net from "node:net";
import { isAllowListed, nonPublicUrlReason, publicOnlyLookup } from "./public-address";

export interface PostResult {
  status: number;
  ok: boolean;
}

/** A refused or failed delivery; `message` is coarse on purpose (viewers read it), `detail` is for the server log. */
export class OutboundError extends Error {
  constructor(message: string, readonly detail: string) {
    super(message);
    this.name = "OutboundError";
  }
}

export interface PostOptions {
  /** "host:port" entries that may be private (PRISM_WEBHOOK_ALLOWLIST). */
  allow: ReadonlySet<string>;
  headers?: Record<string, string>;
  maxRedirects?: number;
  timeoutMs?: number;
}

const publicLookup = publicOnlyLookup as unknown as net.LookupFunction;

function requestOnce(url: URL, method: string, body: string | null, opts: PostOptions) {
  return new Promise<{ status: number; location: string | null }>((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const headers: Record<string, string> = { ...opts.headers };
    if (body !== null) headers["content-length"] = String(Buffer.byteLength(body));
    const req = client.request(
      url,
      {
        method,
        headers,
        // Allow-listed targets use the normal resolver; everything else only connects to public addresses.
        lookup: isAllowListed(url, opts.allow) ? undefined : publicLookup,
        agent: false,
        timeout: opts.timeoutMs ?? 10_000,
      },
      (res) => {
        res.resume(); // the body is never read: only the status matters
        res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end(body ?? undefined);
  });
}

function coarse(err: unknown): OutboundError {
  const e = err as NodeJS.ErrnoException;
  const detail = e instanceof Error ? `${e.code ?? e.name}: ${e.message}` : String(err);
  if (e?.code === "ENOTPUBLIC") return new OutboundError("refused: the webhook address is not public", detail);
  if (e?.code === "ETIMEDOUT") return new OutboundError("the webhook did not answer in time", detail);
  return new OutboundError("could not connect to the webhook", detail);
}

/** POSTs `body`, following up to `maxRedirects` (3) redirects, each re-checked; throws OutboundError. */
export async function postToPublicUrl(raw: string, body: string, opts: PostOptions): Promise<PostResult> {
  let url = new URL(raw);
  let method = "POST";
  let payload: string | null = body;
  const maxRedirects = opts.maxRedirects ?? 3;
  for (let hop = 0; ; hop++) {
    const refused = nonPublicUrlReason(url, opts.allow);
    if (refused) throw new OutboundError("refused: the webhook address is not public", `${url.host} ${refused}`);
    let res: { status: number; location: string | null };
    try {
      res = await requestOnce(url, method, payload, opts);
    } catch (err) {
      throw coarse(err);
    }
    const redirect = res.status >= 300 && res.status < 400 && res.location !== null;
    if (!redirect) return { status: res.status, ok: res.status >= 200 && res.status < 300 };
    if (hop >= maxRedirects) throw new OutboundError("the webhook redirected too many times", `more than ${maxRedirects} redirects from ${raw}`);
    url = new URL(res.location!, url);
    // As browsers do: 303 (and 301/302 after a POST) continue as a GET without a body; 307/308 repeat the POST.
    if (res.status === 303 || res.status === 301 || res.status === 302) {
      method = "GET";
      payload = null;
    }
  }
}
