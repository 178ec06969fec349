// next-auth's POST endpoints (sign-in, callbacks, sign-out) read the whole body before anything checks it; this
// bounds the body while streaming and hands next-auth a request rebuilt from the bounded bytes.
import { NextRequest } from "next/server";
import { readBoundedBytes } from "./body";
import { toErrorResponse } from "./errors";

/** A credentials sign-in form is a few hundred bytes; 64 KB leaves room for any provider callback. */
export const MAX_AUTH_BODY_BYTES = 64_000;

/** The same request with its body read under the limit, or the 413 reply. */
export async function boundedAuthRequest(req: Request, maxBytes = MAX_AUTH_BODY_BYTES): Promise<NextRequest | Response> {
  let bytes: Uint8Array;
  try {
    bytes = await readBoundedBytes(req, maxBytes);
  } catch (err) {
    return toErrorResponse(err);
  }
  const headers = new Headers(req.headers);
  headers.delete("transfer-encoding");
  headers.set("content-length", String(bytes.byteLength));
  const init = { method: req.method, headers, body: bytes.byteLength > 0 ? (bytes as BodyInit) : undefined };
  // next-auth's App Router handler reads `req.nextUrl` and cookies: always hand it a NextRequest (an instanceof check
  // fails in the production bundle, where the request's class is another copy of NextRequest).
  return new NextRequest(req.url, init);
}
