// Maps thrown errors to the one API error shape `{ error: { code, message, details? } }` and its status code.
import { z } from "zod";
import { AppError, statusOfCode, type ErrorCode } from "@/lib/errors";
import { describeFailure, stackFrames } from "@/lib/errors/log-safe";
import { log } from "@/lib/log";

export function errorResponse(code: ErrorCode, message: string, details?: unknown, headers?: Record<string, string>) {
  return Response.json(
    { error: { code, message, ...(details === undefined ? {} : { details }) } },
    { status: statusOfCode(code), headers },
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
  // Log-safe: the class, code and frames, never the message (a failed query's message lists its parameters).
  log("http").error({ error: describeFailure(err), stack: stackFrames(err) }, "unhandled error");
  return errorResponse("internal", "Internal server error");
}
