import { AppError } from "./errors";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id in the path is a 404 (no such thing), never a database error. */
export function uuidParam(value: string | string[] | undefined, name: string): string {
  if (typeof value !== "string" || !uuid.test(value)) throw new AppError("not_found", `No ${name} ${String(value)}`);
  return value;
}
