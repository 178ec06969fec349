// The insight pages' URL state (every control is a query parameter, so a view can be bookmarked): parsed into the
// API's inputs, with defaults and a message for anything that could not be read.
import type { Breakdown, FunnelInput, LifecycleInput, RetentionInput, StickinessInput } from "./inputs";
import { funnelInputSchema, lifecycleInputSchema, retentionInputSchema, stickinessInputSchema } from "./inputs";

type Params = Record<string, string | string[] | undefined>;
const DAY_MS = 86_400_000;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
const all = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter(Boolean);

/** A day (YYYY-MM-DD) as UTC midnight, or the fallback. */
function day(value: string | undefined, fallback: Date): string {
  return value && /^\d{4}-\d\d-\d\d$/.test(value) ? `${value}T00:00:00Z` : fallback.toISOString();
}

function breakdownOf(sp: Params): Breakdown | undefined {
  const cohorts = all(sp.cohort);
  if (cohorts.length) return cohorts;
  return first(sp.breakdown);
}

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  return error.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`).join("; ");
}

export interface PageState<T> {
  input: T | null;
  problem: string | null;
}

export function retentionPageState(sp: Params, now: Date, eventNames: string[]): PageState<RetentionInput> {
  const startEvent = first(sp.start) ?? eventNames[0];
  if (!startEvent) return { input: null, problem: null };
  const period = first(sp.period) === "day" ? "day" : "week";
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const parsed = retentionInputSchema.safeParse({
    startEvent,
    returnEvent: first(sp.return) ?? startEvent,
    period,
    periods: Number(first(sp.periods) ?? (period === "day" ? 14 : 8)),
    from: day(first(sp.from), new Date(today.getTime() - (period === "day" ? 14 : 56) * DAY_MS)),
    to: day(first(sp.to), new Date(today.getTime() + DAY_MS)),
    breakdown: breakdownOf(sp),
  });
  return parsed.success ? { input: parsed.data, problem: null } : { input: null, problem: issues(parsed.error) };
}

export function funnelPageState(sp: Params, now: Date): PageState<FunnelInput> {
  const steps = all(sp.step);
  if (steps.length < 2) return { input: null, problem: null };
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const parsed = funnelInputSchema.safeParse({
    steps: steps.map((event) => ({ event })),
    windowSeconds: Number(first(sp.window) ?? 86_400),
    from: day(first(sp.from), new Date(today.getTime() - 30 * DAY_MS)),
    to: day(first(sp.to), new Date(today.getTime() + DAY_MS)),
    breakdown: breakdownOf(sp),
  });
  return parsed.success ? { input: parsed.data, problem: null } : { input: null, problem: issues(parsed.error) };
}

/** The lifecycle page: `event` (blank: any activity), lifecycle `period` (day|week), stickiness `per` (week|month), `from`, `to`, `cohort`. */
export function lifecyclePageState(sp: Params, now: Date): PageState<{ lifecycle: LifecycleInput; stickiness: StickinessInput }> {
  const period = first(sp.period) === "day" ? "day" : "week";
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const common = {
    event: first(sp.event),
    cohort: first(sp.cohort),
    from: day(first(sp.from), new Date(today.getTime() - (period === "day" ? 14 : 56) * DAY_MS)),
    to: day(first(sp.to), new Date(today.getTime() + DAY_MS)),
  };
  const lifecycle = lifecycleInputSchema.safeParse({ ...common, period });
  const stickiness = stickinessInputSchema.safeParse({ ...common, period: first(sp.per) === "month" ? "month" : "week" });
  if (!lifecycle.success) return { input: null, problem: issues(lifecycle.error) };
  if (!stickiness.success) return { input: null, problem: issues(stickiness.error) };
  return { input: { lifecycle: lifecycle.data, stickiness: stickiness.data }, problem: null };
}
