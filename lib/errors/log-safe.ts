// What may be logged about an error: its class, its driver code and where it was thrown, never its message (driver
// messages and drizzle's "Failed query … params:" carry the rows being written: user ids, metadata, text).
/** The first SQLSTATE / driver code found on the error or its causes (drizzle wraps driver errors). */
export function failureCode(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.length > 0) return code;
  }
  return null;
}

/** A log-safe summary: the error class and code only (driver messages and drizzle's `params` carry the payload). */
export function describeFailure(err: unknown): string {
  const name = err instanceof Error ? (err.cause instanceof Error ? err.cause.name : err.name) : typeof err;
  return `${name}${failureCode(err) ? ` ${failureCode(err)}` : ""}`;
}

/** The stack frames without the first line (which repeats the message). */
export function stackFrames(err: unknown): string {
  return err instanceof Error && err.stack ? err.stack.split("\n").slice(1).join("\n") : "";
}
