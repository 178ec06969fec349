// The one keyset cursor codec of every paginated list: an opaque base64url token of the last row's sort value and id.
import { AppError } from "@/lib/errors";

/** A cursor that this server did not issue (or issued for another sort): a 400, and pages start over. */
export class InvalidCursorError extends AppError {
  constructor(message = "cursor: is not a cursor returned by this list") {
    super("invalid_request", message);
    this.name = "InvalidCursorError";
  }
}

export interface Keyset<V> {
  /** The sort value of the last row of the page. */
  v: V;
  /** Its id, the tie-breaker. */
  id: string;
}

export function encodeCursor(v: Date | string | number, id: string): string {
  return Buffer.from(JSON.stringify({ v: v instanceof Date ? v.toISOString() : v, id })).toString("base64url");
}

function decode(raw: string): { v?: unknown; id?: unknown } | null {
  try {
    const c: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    return typeof c === "object" && c !== null ? (c as { v?: unknown; id?: unknown }) : null;
  } catch {
    return null;
  }
}

/** A cursor whose sort value is a timestamp (returned as its ISO string, valid for `::timestamptz`). */
export function decodeDateCursor(raw: string, message?: string): Keyset<string> {
  const c = decode(raw);
  if (typeof c?.id === "string" && typeof c.v === "string" && !Number.isNaN(Date.parse(c.v))) return { v: c.v, id: c.id };
  throw new InvalidCursorError(message);
}

/** A cursor whose sort value is a finite number. */
export function decodeNumberCursor(raw: string, message?: string): Keyset<number> {
  const c = decode(raw);
  if (typeof c?.id === "string" && typeof c.v === "number" && Number.isFinite(c.v)) return { v: c.v, id: c.id };
  throw new InvalidCursorError(message);
}
