/**
 * Whether start-up (migrations, seed) has finished, shared by instrumentation and the route bundles through
 * globalThis. Until it has, /api/health answers 503 "starting" instead of every request failing with a 500 while
 * the database is down (issue 12 finding 13). Processes that never run start-up (tests, scripts) stay "unknown".
 */
export type ReadinessState = "unknown" | "starting" | "ready";

export interface Readiness {
  state: ReadinessState;
  attempts: number;
  /** A coarse reason for the last failed attempt (no URLs, hosts or credentials). */
  lastError: string | null;
}

const globalForReadiness = globalThis as unknown as { __prismReadiness?: Readiness };

export function readiness(): Readiness {
  return (globalForReadiness.__prismReadiness ??= { state: "unknown", attempts: 0, lastError: null });
}

export function setReadiness(next: Readiness | undefined) {
  globalForReadiness.__prismReadiness = next;
}

/** The error's code or class only: messages may carry connection strings. */
export function coarseError(err: unknown): string {
  // Drivers and drizzle wrap the socket error: the code sits somewhere down the cause chain.
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z0-9_]+$/.test(code)) return code;
  }
  return err instanceof Error ? err.name : "error";
}
