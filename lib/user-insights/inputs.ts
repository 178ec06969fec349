// Request shapes of the retention and funnel insights: events, UTC periods, a bounded range and an optional breakdown.
import { z } from "zod";

const eventName = z.string().trim().min(1).max(200);
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const properties = z.record(z.string().min(1).max(200), z.union([z.string().max(1000), z.number().finite(), z.boolean()]));

/** A trait name ("plan", "country", or any profile property) or up to 10 saved cohort ids. */
export const breakdownSchema = z.union([z.string().trim().min(1).max(200), z.array(z.uuid()).min(1).max(10)]);
export type Breakdown = z.infer<typeof breakdownSchema>;

const MAX_RANGE_DAYS = 731;
const range = <T extends { from: Date; to: Date }>(v: T, ctx: z.core.$RefinementCtx<T>) => {
  if (v.to <= v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
  else if (v.to.getTime() - v.from.getTime() > MAX_RANGE_DAYS * 86_400_000) ctx.addIssue({ code: "custom", path: ["to"], message: `the range is at most ${MAX_RANGE_DAYS} days` });
};

export const retentionInputSchema = z
  .strictObject({
    startEvent: eventName,
    returnEvent: eventName,
    period: z.enum(["day", "week"]),
    periods: z.number().int().min(1).max(90),
    from: instant,
    to: instant,
    breakdown: breakdownSchema.optional(),
  })
  .superRefine(range);
export type RetentionInput = z.infer<typeof retentionInputSchema>;

export const MAX_FUNNEL_STEPS = 10;
const funnelBase = z.strictObject({
  steps: z.array(z.strictObject({ event: eventName, properties: properties.optional() })).min(2).max(MAX_FUNNEL_STEPS),
  windowSeconds: z.number().int().min(1).max(90 * 86_400),
  from: instant,
  to: instant,
});
export const funnelInputSchema = funnelBase.extend({ breakdown: breakdownSchema.optional() }).superRefine(range);
export type FunnelInput = z.infer<typeof funnelInputSchema>;

/** The users who reached step `step - 1` but not `step` (1-based), e.g. to save them as a static cohort. */
export const funnelDroppedInputSchema = funnelBase
  .extend({ step: z.number().int().min(2).max(MAX_FUNNEL_STEPS) })
  .superRefine(range)
  .refine((v) => v.step <= v.steps.length, { path: ["step"], message: "must name one of the steps (2..number of steps)" });
export type FunnelDroppedInput = z.infer<typeof funnelDroppedInputSchema>;

/** Stickiness and lifecycle take an optional `cohort`: only its members' activity (as of its last refresh). */
/** Stickiness: how many distinct UTC days each active user was active in a week (1..7) or a month (1..31). */
export const stickinessInputSchema = z
  .strictObject({ event: eventName.optional(), from: instant, to: instant, period: z.enum(["week", "month"]), cohort: z.uuid().optional() })
  .superRefine(range);
export type StickinessInput = z.infer<typeof stickinessInputSchema>;

/** Lifecycle: new, returning, resurrecting and dormant users per UTC day or week. */
export const lifecycleInputSchema = z
  .strictObject({ event: eventName.optional(), from: instant, to: instant, period: z.enum(["day", "week"]), cohort: z.uuid().optional() })
  .superRefine(range);
export type LifecycleInput = z.infer<typeof lifecycleInputSchema>;
