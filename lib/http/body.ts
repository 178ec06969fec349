// Reads request bodies under a byte limit while streaming, so an oversized or endless body is refused with 413
// after at most `maxBytes` have been buffered (a declared Content-Length over the limit is refused before reading).
import { AppError } from "@/lib/errors";

/** The default limit of a JSON body when a route declares none. */
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

function tooLarge(maxBytes: number) {
  return new AppError("payload_too_large", `Body exceeds ${maxBytes} bytes`);
}

/** The body's bytes, at most `maxBytes` of them; stops pulling from the stream as soon as the limit is passed. */
export async function readBoundedBytes(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** True for `application/json` and `application/<x>+json`, with or without parameters. */
export function isJsonContentType(value: string | null): boolean {
  const type = value?.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/**
 * A JSON body under the limit. `Content-Type: application/json` is required (a form or `text/plain` post cannot
 * carry a JSON body across sites without a CORS preflight). An empty body reads as `undefined`.
 */
export async function readJsonBody(req: Request, maxBytes = DEFAULT_MAX_BODY_BYTES, opts: { allowNul?: boolean } = {}): Promise<unknown> {
  const declared = req.headers.get("content-length");
  const json = isJsonContentType(req.headers.get("content-type"));
  if (!json && declared !== null && declared !== "0") throw notJson();
  const bytes = await readBoundedBytes(req, maxBytes);
  if (bytes.byteLength === 0) return undefined;
  if (!json) throw notJson();
  return parseJsonBytes(bytes, opts);
}

/** Bytes already read under the limit, as JSON that Prism can store (a 400 otherwise; see assertStorableJson). */
export function parseJsonBytes(bytes: Uint8Array, opts: { allowNul?: boolean } = {}): unknown {
  const text = new TextDecoder().decode(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("invalid_request", "Body is not valid JSON");
  }
  assertStorableJson(text, opts);
  return value;
}

/** How deeply a JSON body may nest; no Prism input needs more, and deeper values exhaust recursive validators. */
export const MAX_JSON_DEPTH = 64;

/**
 * Refuses (400) JSON that nests deeper than MAX_JSON_DEPTH or holds a NUL character in a string: PostgreSQL text
 * and jsonb cannot store U+0000, so it would otherwise fail deep in a query as a 500. One linear pass over the text.
 */
export function assertStorableJson(text: string, opts: { allowNul?: boolean } = {}): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) {
        if (!opts.allowNul && text.startsWith("u0000", i + 1)) throw new AppError("invalid_request", "Body contains a NUL character (\\u0000), which cannot be stored");
        i++;
      } else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > MAX_JSON_DEPTH) throw new AppError("invalid_request", `Body nests deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/** A query or path value with a NUL character names nothing Prism can store or look up. */
export function hasNul(value: string): boolean {
  return value.includes("\u0000");
}

function notJson() {
  return new AppError("unsupported_media_type", "content-type: must be application/json");
}
