// Conditional GETs for SDK-cached resources (prompts): a strong ETag of the reply body and 304 on a match.
import { createHash } from "node:crypto";
import type { NextRequest } from "next/server";

/** The JSON reply with its ETag, or a bodiless 304 when the client's `If-None-Match` already names it. */
export function jsonWithEtag(req: NextRequest, body: unknown): Response {
  const text = JSON.stringify(body);
  const etag = `"${createHash("sha256").update(text).digest("base64url").slice(0, 27)}"`;
  const sent = req.headers.get("if-none-match");
  if (sent && sent.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
    return new Response(null, { status: 304, headers: { etag } });
  }
  return new Response(text, { status: 200, headers: { etag, "content-type": "application/json" } });
}
