// Prism's own structured logs: one JSON line per record on stdout (pino), level from LOG_LEVEL, each record carrying
// the request id (and job run) it belongs to. Log fields never hold user text: errors go through describeFailure.
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "@/lib/env";
import { currentRequestContext } from "./request-context";

export interface LoggerOptions {
  level?: string;
  /** Where the JSON lines go (default stdout); tests pass a collector. */
  destination?: DestinationStream;
}

let options: LoggerOptions = {};

function level(): string {
  if (options.level) return options.level;
  const e = env();
  return e.LOG_LEVEL ?? (e.NODE_ENV === "test" ? "silent" : "info");
}

const holder = globalThis as unknown as { __prismLogger?: Logger };

/** The process logger (created once per process, shared by every Next.js bundle). */
export function logger(): Logger {
  holder.__prismLogger ??= pino(
    {
      level: level(),
      base: { service: "prism" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const ctx = currentRequestContext();
        return ctx ? { requestId: ctx.requestId, ...(ctx.runId ? { runId: ctx.runId } : {}) } : {};
      },
    },
    options.destination ?? pino.destination({ sync: true }),
  );
  return holder.__prismLogger;
}

/** A child logger naming the part of Prism that writes (`component: "jobs"`). */
export function log(component: string): Logger {
  return logger().child({ component });
}

/** Rebuilds the logger (after LOG_LEVEL changed, or to send lines elsewhere: tests collect them). */
export function resetLogger(next: LoggerOptions = {}) {
  options = next;
  holder.__prismLogger = undefined;
}
