// Shapes retention counts into the reply: one cohort per UTC period that starts in [from, to) (empty ones included,
// so the triangle has no gaps), each with retained[k] for the periods that begin before `to` (at most `periods`).
import type { RetentionInput } from "./inputs";

export interface RetentionCohort {
  start: string;
  size: number;
  /** retained[0] is the cohort size; retained[k] the users who returned in period start + k. */
  retained: number[];
}

export interface RetentionReply {
  period: "day" | "week";
  cohorts: RetentionCohort[];
  /** With a breakdown: the same triangle per trait value or cohort id. */
  breakdown?: { key: string; cohorts: RetentionCohort[] }[];
}

const DAY_MS = 86_400_000;

/** Start of the UTC day, or of the ISO week (Monday), holding `t`. */
export function periodStart(t: Date, period: "day" | "week"): Date {
  const day = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
  if (period === "day") return new Date(day);
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * DAY_MS);
}

function periodStarts(input: RetentionInput): Date[] {
  const stepMs = (input.period === "day" ? 1 : 7) * DAY_MS;
  const starts: Date[] = [];
  for (let t = periodStart(input.from, input.period).getTime(); t < input.to.getTime(); t += stepMs) starts.push(new Date(t));
  return starts;
}

function triangle(input: RetentionInput, counts: { cohort: string; k: number; users: number }[]): RetentionCohort[] {
  const stepMs = (input.period === "day" ? 1 : 7) * DAY_MS;
  const byCell = new Map(counts.map((c) => [`${c.cohort}|${c.k}`, c.users]));
  return periodStarts(input).map((start) => {
    const iso = start.toISOString().replace(".000Z", "Z");
    const observed = Math.min(input.periods, Math.ceil((input.to.getTime() - start.getTime()) / stepMs));
    const retained = Array.from({ length: Math.max(1, observed) }, (_, k) => byCell.get(`${iso}|${k}`) ?? 0);
    return { start: iso, size: retained[0], retained };
  });
}

type Count = { key: string | null; cohort: string; k: number; users: number };

/** `overall` from the query without a breakdown; `byKey` from the same query with it (when one was asked for). */
export function retentionReply(input: RetentionInput, overall: Count[], byKey?: Count[]): RetentionReply {
  const reply: RetentionReply = { period: input.period, cohorts: triangle(input, overall) };
  if (input.breakdown === undefined || !byKey) return reply;
  // Asked-for cohorts appear even when empty; trait values as found.
  const keys = Array.isArray(input.breakdown) ? input.breakdown : [...new Set(byKey.map((c) => c.key ?? ""))].sort();
  reply.breakdown = keys.map((key) => ({ key, cohorts: triangle(input, byKey.filter((c) => (c.key ?? "") === key)) }));
  return reply;
}

/** Share retained in period k over every cohort that has reached period k (weighted by users, not cohorts). */
export function retentionCurve(cohorts: RetentionCohort[], periods: number): (number | null)[] {
  return Array.from({ length: periods }, (_, k) => {
    const reached = cohorts.filter((c) => c.retained.length > k);
    const size = reached.reduce((s, c) => s + c.size, 0);
    return size === 0 ? null : reached.reduce((s, c) => s + c.retained[k], 0) / size;
  });
}
