// The time range as API query parameters (`range`, `from`, `to`, `compare`), checked by the same parser as the pages;
// an API answers 400 with the parser's message where a page falls back to the default.
import { z } from "zod";
import { parseTimeRange, type TimeRange } from "./range";

const text = z.preprocess((v) => (v === "" ? undefined : v), z.string().max(64).optional());

export const timeRangeQueryShape = { range: text, from: text, to: text, compare: text };

/** Adds the range's problem, if any, as a validation issue on the field it names. */
export function checkTimeRange(q: { range?: string; from?: string; to?: string; compare?: string }, ctx: z.RefinementCtx) {
  const { problem } = parseTimeRange(q, new Date());
  if (!problem) return;
  // Each part reads "field: message"; the field becomes the issue's path (the error reply names it once).
  for (const part of problem.split("; ")) {
    const [field, ...rest] = part.split(": ");
    ctx.addIssue({ code: "custom", message: rest.join(": "), path: [field] });
  }
}

/** The range of an already checked query. */
export function timeRangeOf(q: { range?: string; from?: string; to?: string; compare?: string }, now = new Date()): TimeRange {
  return parseTimeRange(q, now).range;
}
