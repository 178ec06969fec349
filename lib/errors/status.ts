// The status number each error code stands for (HTTP's numbering): one table for the HTTP layer's error replies and
// the per-item statuses of batch ingestion, so domain code names what went wrong and never picks a number.
import type { ErrorCode } from "./app-error";

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

export function statusOfCode(code: ErrorCode): number {
  return statusByCode[code];
}
