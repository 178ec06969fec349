// Tells a database refusal of the data itself (retrying cannot help) from the database being unreachable or busy
// (retrying later will), and describes a failure for logs without any of the payload it was writing.

/** SQLSTATE classes that mean "this row can never be stored": data exceptions, integrity constraints, limits. */
const PERMANENT_CLASSES = new Set(["22", "23", "54"]);

/** The first SQLSTATE / driver code found on the error or its causes (drizzle wraps driver errors). */
export function failureCode(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.length > 0) return code;
  }
  return null;
}

/** True when the database refused the data (a retry of the same item fails the same way). */
export function isPermanentFailure(err: unknown): boolean {
  const code = failureCode(err);
  return code !== null && /^[0-9A-Z]{5}$/.test(code) && PERMANENT_CLASSES.has(code.slice(0, 2));
}

/** A log-safe summary: the error class and code only (driver messages and drizzle's `params` carry the payload). */
export function describeFailure(err: unknown): string {
  const name = err instanceof Error ? (err.cause instanceof Error ? err.cause.name : err.name) : typeof err;
  return `${name}${failureCode(err) ? ` ${failureCode(err)}` : ""}`;
}
