// Maps thrown errors to the one API error shape `{ error: { code, message, details? } }` and its status code.
import { z } from "zod";
import { AppError, type ErrorCode } from "@/lib/errors";

const statusByCode: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
};

/** The HTTP status of an error code (also used for per-item statuses in multi-status ingestion replies). */
export function httpStatusOf(code: ErrorCode): number {
  return statusByCode[code];
}

export function errorResponse(code: ErrorCode, message: string, details?: unknown, headers?: Record<string, string>) {
  return Response.json(
    { error: { code, message, ...(details === undefined ? {} : { details }) } },
    { status: statusByCode[code], headers },
  );
}

/** Zod issues as `{ path, field, message }` (`field` repeats `path`: /stats/analyze documented it first), the `details` of a 400. */
export function zodDetails(err: z.ZodError) {
  return err.issues.map((i) => ({ path: i.path.join("."), field: i.path.join("."), message: i.message }));
}

/** Every thrown value becomes one error shape; unknown errors never reach the client. */
export function toErrorResponse(err: unknown): Response {
  if (err instanceof AppError) return errorResponse(err.code, err.message, err.details, err.headers);
  if (err instanceof z.ZodError) {
    const details = zodDetails(err);
    const first = details[0];
    return errorResponse("invalid_request", first ? `${first.path || "body"}: ${first.message}` : "Invalid input", details);
  }
  console.error("[prism] unhandled error", err);
  return errorResponse("internal", "Internal server error");
}
