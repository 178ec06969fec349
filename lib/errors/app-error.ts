// The typed error every layer throws; it names what went wrong, and the boundary (lib/http, the per-item results of
// batch ingestion) turns its code into a status through the one table in ./status.ts.

export type ErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "rate_limited"
  | "internal";

/** A typed error that services throw; the HTTP layer renders it as `{ error: { code, message, details? } }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}
