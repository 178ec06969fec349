import { z } from "zod";

export type ErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unprocessable"
  | "rate_limited"
  | "internal";

const statusByCode: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
};

/** A typed error that services throw and the HTTP layer maps to `{ error: { code, message, details? } }`. */
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
  get status() {
    return statusByCode[this.code];
  }
}

export function errorResponse(code: ErrorCode, message: string, details?: unknown, headers?: Record<string, string>) {
  return Response.json(
    { error: { code, message, ...(details === undefined ? {} : { details }) } },
    { status: statusByCode[code], headers },
  );
}

/** Every thrown value becomes one error shape; unknown errors never reach the client. */
export function toErrorResponse(err: unknown): Response {
  if (err instanceof AppError) return errorResponse(err.code, err.message, err.details, err.headers);
  if (err instanceof z.ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = details[0];
    return errorResponse("invalid_request", first ? `${first.path || "body"}: ${first.message}` : "Invalid input", details);
  }
  console.error("[prism] unhandled error", err);
  return errorResponse("internal", "Internal server error");
}

export async function readJson(req: Request, maxBytes = 1_000_000): Promise<unknown> {
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > maxBytes) throw new AppError("payload_too_large", `Body exceeds ${maxBytes} bytes`);
  const text = await req.text();
  if (text.length > maxBytes) throw new AppError("payload_too_large", `Body exceeds ${maxBytes} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_request", "Body is not valid JSON");
  }
}
