// Bounded field schemas shared by every ingest path (batch items, metric points, OTLP spans), so that a value
// that passes validation can always be stored and aggregated: no timestamp outside a sane window, no number that
// overflows a sum or a score into Infinity.

import { z } from "zod";

/** Earliest accepted event time: older data is a client bug (epoch zero, year 0000), not history worth storing. */
export const MIN_EVENT_TIME_MS = Date.UTC(2000, 0, 1);
/** How far ahead of the server's clock an event may be (client clock skew). */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

/** Largest accepted token count of one call, cost (USD) of one call, and custom metric magnitude. */
export const MAX_TOKENS = 1_000_000_000;
export const MAX_COST_USD = 1_000_000;
export const MAX_METRIC_MAGNITUDE = 1e15;

/** The accepted window for event times; `now` is injectable for tests and callers with their own clock. */
export function eventTimeWindow(now: number = Date.now()) {
  return { min: MIN_EVENT_TIME_MS, max: now + MAX_FUTURE_SKEW_MS };
}

/** Why a time is refused, or null when it lies in the window. */
export function eventTimeProblem(ms: number, now: number = Date.now()): string | null {
  if (!Number.isFinite(ms)) return "must be an ISO-8601 date";
  const { min, max } = eventTimeWindow(now);
  if (ms < min) return "must not be before 2000-01-01";
  if (ms > max) return "must not be more than a day in the future";
  return null;
}

/** An event time (ISO-8601 string or epoch milliseconds) inside the accepted window. */
export const eventTime = z.coerce.date({ message: "must be an ISO-8601 date" }).superRefine((d, ctx) => {
  const problem = eventTimeProblem(d.getTime());
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const tokenCount = z.number().int("must be an integer").nonnegative().max(MAX_TOKENS);
export const costUsd = z.number().finite().nonnegative().max(MAX_COST_USD);
export const metricValue = z
  .number({ message: "must be a finite number" })
  .finite("must be a finite number")
  .min(-MAX_METRIC_MAGNITUDE)
  .max(MAX_METRIC_MAGNITUDE);
