// The report's range (query string `from`, `to`): ISO dates, from before to, at most a year; default the last 28 days.
import { z } from "zod";
import { AppError } from "@/lib/errors";

const DAY = 86_400_000;
export const DEFAULT_RANGE_DAYS = 28;
export const MAX_RANGE_DAYS = 366;
const blank = (v: unknown) => (v === "" ? undefined : v);

export const insightRangeQuerySchema = z
  .object({
    from: z.preprocess(blank, z.coerce.date({ message: "must be an ISO-8601 date" }).optional()),
    to: z.preprocess(blank, z.coerce.date({ message: "must be an ISO-8601 date" }).optional()),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: "must be after from", path: ["to"] })
  .refine((q) => !q.from || !q.to || q.to.getTime() - q.from.getTime() <= MAX_RANGE_DAYS * DAY, { message: `the range is at most ${MAX_RANGE_DAYS} days`, path: ["from"] });

export function resolveRange(q: { from?: Date; to?: Date }, now: Date): { from: Date; to: Date } {
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY);
  // Only one end given: the other's default can still put it on the wrong side.
  if (from >= to) throw new AppError("invalid_request", "to: must be after from");
  return { from, to };
}
