// Prism's own structured logs: one JSON line per record on stdout (pino), level from LOG_LEVEL, each record carrying
// the request id (and job run) it belongs to. Log fields never hold user text: errors go through describeFailure.
import pino, { type Logger } from "pino";
import { env } from "@/lib/env";
import { currentRequestContext } from "./request-context";

function level(): string {
  const e = env();
  return e.LOG_LEVEL ?? (e.NODE_ENV === "test" ? "silent" : "info");
}

const holder = globalThis as unknown as { __prismLogger?: Logger };

/** The process logger (created once per process, shared by every Next.js bundle). */
export function logger(): Logger {
  holder.__prismLogger ??= pino({
    level: level(),
    base: { service: "prism" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const ctx = currentRequestContext();
      return ctx ? { requestId: ctx.requestId, ...(ctx.runId ? { runId: ctx.runId } : {}) } : {};
    },
  });
  return holder.__prismLogger;
}

/** A child logger naming the part of Prism that writes (`component: "jobs"`). */
export function log(component: string): Logger {
  return logger().child({ component });
}

/** Tests and tools that change LOG_LEVEL at run time. */
export function resetLogger() {
  holder.__prismLogger = undefined;
}
