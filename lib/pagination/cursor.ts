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

type SortValue = Date | string | number;

/** A cursor of one sort value, or of a compound sort key (several values, compared in order). */
export function encodeCursor(v: SortValue | readonly SortValue[], id: string): string {
  const plain = (x: SortValue) => (x instanceof Date ? x.toISOString() : x);
  return Buffer.from(JSON.stringify({ v: Array.isArray(v) ? v.map(plain) : plain(v as SortValue), id })).toString("base64url");
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

/** A cursor of a compound sort key: one value per entry of `shape` ("date": an ISO timestamp, "number": a finite number). */
export function decodeTupleCursor(raw: string, shape: readonly ("date" | "number")[], message?: string): Keyset<(string | number)[]> {
  const c = decode(raw);
  const v = c?.v;
  const ok =
    typeof c?.id === "string" &&
    Array.isArray(v) &&
    v.length === shape.length &&
    shape.every((kind, i) =>
      kind === "date" ? typeof v[i] === "string" && !Number.isNaN(Date.parse(v[i] as string)) : typeof v[i] === "number" && Number.isFinite(v[i]),
    );
  if (ok) return { v: v as (string | number)[], id: c!.id as string };
  throw new InvalidCursorError(message);
}
