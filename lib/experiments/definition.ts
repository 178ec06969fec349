/**
 * What an experiment is, as stored and as accepted by the API: variants with
 * weights and parameters, goal and guardrail metrics defined over product
 * events, targeting and the analysis settings. Pure (zod only).
 */
import { z } from "zod";
import { ENGINES } from "./stats/schema";

export const EXPERIMENT_STATUSES = ["draft", "running", "paused", "stopped"] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

export const METRIC_KINDS = ["binomial", "mean", "count", "ratio"] as const;
export const CORRECTIONS = ["holm", "benjamini-hochberg", "none"] as const;

const KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const keySchema = (what: string) =>
  z.string().regex(KEY, { error: `${what} must be 1-64 lowercase letters, digits, "-" or "_"` });

const eventMatchSchema = z.object({
  /** One or more event names; any of them matches. */
  events: z.array(z.string().min(1)).min(1, { error: "events must name at least one event" }),
  /** Only events whose properties contain these key/values (JSON containment). */
  where: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** Sum this numeric property instead of counting events. */
  valueProperty: z.string().min(1).optional(),
});
export type EventMatch = z.infer<typeof eventMatchSchema>;

/** Where a trace score came from (the `scores.source` column). */
export const SCORE_SOURCES = ["api", "human", "llm_judge", "code", "eval", "annotation"] as const;

const scoreMatchSchema = z.object({
  /** The score name: an online evaluation rule's evaluator name, an annotation score config, a client score. */
  name: z.string().trim().min(1, { error: "score name is required" }).max(200),
  /** Only scores from these sources; any source when absent. */
  // A refinement, not z.enum: inside the preset-or-definition union an enum failure would be reported as the
  // union's bare "Invalid input" instead of naming this field.
  sources: z
    .array(
      z
        .string()
        .refine((v): v is (typeof SCORE_SOURCES)[number] => (SCORE_SOURCES as readonly string[]).includes(v), {
          error: `score sources must be among ${SCORE_SOURCES.join(", ")}`,
        }),
    )
    .min(1)
    .optional(),
});
export type ScoreMatch = z.infer<typeof scoreMatchSchema>;

/**
 * A metric per experiment unit (user), over the events in the conversion
 * window after the user's first exposure:
 * - binomial: 1 when at least one matching event, else 0;
 * - count: number of matching events (or sum of valueProperty);
 * - mean: sum of valueProperty over matching events (users without any count as 0);
 * - ratio: Σ numerator / Σ denominator over users (delta method), e.g. thumbs-up / all feedback;
 * - or, with `score` instead of events (type "mean" only): the mean of the user's trace scores of that name (an
 *   online evaluation rule's or an annotation's) over their traces in the window; users without such a score are
 *   not units of that metric (a missing judgement is not a 0);
 * - or, with `impressions` (type "ratio" only): click-through of the recommendations served to the user in the
 *   window, clicked impressions / impressions (an impression is clicked when an interaction names it; see
 *   lib/personalization/store/impressions.ts).
 */
export const metricDefinitionSchema = z
  .object({
    key: keySchema("metric key"),
    name: z.string().min(1).max(120),
    type: z.enum(METRIC_KINDS, { error: `type must be one of ${METRIC_KINDS.join(", ")}` }),
    numerator: eventMatchSchema.optional(),
    denominator: eventMatchSchema.optional(),
    /** Read trace scores by name instead of events. */
    score: scoreMatchSchema.optional(),
    /** Read recommendation impressions and their clicks instead of events (click-through). */
    impressions: z.object({}).strict().optional(),
    /** Conversion window after first exposure, in hours. */
    windowHours: z.number().positive().max(24 * 365).default(24 * 7),
    higherIsBetter: z.boolean().default(true),
  })
  .superRefine((m, ctx) => {
    if (m.impressions) {
      if (m.type !== "ratio") ctx.addIssue({ code: "custom", path: ["type"], message: 'an impressions metric is clicked / served impressions: type must be "ratio"' });
      for (const f of ["numerator", "denominator", "score"] as const) {
        if (m[f]) ctx.addIssue({ code: "custom", path: [f], message: `an impressions metric reads recommendation impressions: remove ${f}` });
      }
      return;
    }
    if (m.score) {
      if (m.type !== "mean") ctx.addIssue({ code: "custom", path: ["type"], message: 'a score metric is a mean per user: type must be "mean"' });
      if (m.numerator) ctx.addIssue({ code: "custom", path: ["numerator"], message: "a score metric reads trace scores, not events: remove numerator" });
      if (m.denominator) ctx.addIssue({ code: "custom", path: ["denominator"], message: "a score metric has no denominator" });
      return;
    }
    if (!m.numerator) {
      ctx.addIssue({ code: "custom", path: ["numerator"], message: "numerator is required (or score, for a metric over trace scores)" });
      return;
    }
    if (m.type === "ratio" && !m.denominator) {
      ctx.addIssue({ code: "custom", path: ["denominator"], message: "denominator is required for ratio metrics" });
    }
    if (m.type === "mean" && !m.numerator.valueProperty) {
      ctx.addIssue({ code: "custom", path: ["numerator", "valueProperty"], message: "valueProperty is required for mean metrics" });
    }
  });
export type MetricDefinition = z.output<typeof metricDefinitionSchema>;

/** The event names a metric reads (none for a score metric). */
export function metricEventNames(m: MetricDefinition): string[] {
  return [...(m.numerator?.events ?? []), ...(m.denominator?.events ?? [])];
}

/** Ready-made metrics over Prism's standard product events. */
export const metricPresets: Record<string, z.input<typeof metricDefinitionSchema>> = {
  thumbs_up_rate: {
    key: "thumbs_up_rate",
    name: "Thumbs-up rate",
    type: "ratio",
    numerator: { events: ["feedback"], where: { thumbs: "up" } },
    denominator: { events: ["feedback"] },
    windowHours: 24 * 21,
  },
  error_rate: {
    key: "error_rate",
    name: "Error rate",
    type: "ratio",
    numerator: { events: ["error"] },
    denominator: { events: ["message_sent", "error"] },
    windowHours: 24 * 21,
    higherIsBetter: false,
  },
  messages_per_user: {
    key: "messages_per_user",
    name: "Messages per user",
    type: "count",
    numerator: { events: ["message_sent"] },
    windowHours: 24 * 21,
  },
  messages_per_session: {
    key: "messages_per_session",
    name: "Messages per session",
    type: "ratio",
    numerator: { events: ["message_sent"] },
    denominator: { events: ["session_started"] },
    windowHours: 24 * 21,
  },
  latency_ms: {
    key: "latency_ms",
    name: "Mean response latency (ms)",
    type: "ratio",
    numerator: { events: ["message_sent"], valueProperty: "latencyMs" },
    denominator: { events: ["message_sent"] },
    windowHours: 24 * 21,
    higherIsBetter: false,
  },
  recommendation_ctr: {
    key: "recommendation_ctr",
    name: "Recommendation click-through",
    type: "ratio",
    impressions: {},
    windowHours: 24 * 21,
  },
  gave_feedback: {
    key: "gave_feedback",
    name: "Users who rated a response",
    type: "binomial",
    numerator: { events: ["feedback"] },
    windowHours: 24 * 21,
  },
};

/** A preset key or a full definition. */
const metricInput = z.union([
  z.string().refine((k) => k in metricPresets, { error: `metric must be one of ${Object.keys(metricPresets).join(", ")} or a definition` }),
  metricDefinitionSchema,
]);

function resolveMetric(m: z.output<typeof metricInput>): MetricDefinition {
  return typeof m === "string" ? metricDefinitionSchema.parse(metricPresets[m]) : m;
}

const variantSchema = z.object({
  key: keySchema("variant key"),
  name: z.string().max(120).optional(),
  weight: z.number().min(0).max(1),
  /** What the product does in this variant (prompt version, model, temperature...). */
  parameters: z.record(z.string(), z.unknown()).default({}),
});
export type ExperimentVariant = z.output<typeof variantSchema>;

const guardrailSchema = z.object({
  metric: metricInput.transform(resolveMetric),
  /** Largest tolerated relative degradation (0.05 = 5% worse) before the guardrail counts as breached. */
  threshold: z.number().min(0).max(10).default(0),
});
export type Guardrail = z.output<typeof guardrailSchema>;

/** Targeting: every listed attribute must equal the value or be one of the listed values. */
const targetingSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]),
);
export type Targeting = z.infer<typeof targetingSchema>;

const namespaceSchema = z
  .object({ id: z.string().min(1), start: z.number().min(0).max(1), end: z.number().min(0).max(1) })
  .refine((n) => n.start < n.end, { error: "namespace start must be below end", path: ["end"] });

const experimentFields = {
  name: z.string().trim().min(1, { error: "name is required" }).max(200),
  hypothesis: z.string().max(2000).default(""),
  variants: z.array(variantSchema).min(2, { error: "at least two variants are required" }).max(10),
  coverage: z.number().min(0).max(1).default(1),
  seed: z.string().max(200).optional(),
  namespace: namespaceSchema.nullable().optional(),
  goalMetrics: z.array(metricInput.transform(resolveMetric)).min(1, { error: "at least one goal metric is required" }).max(10),
  guardrails: z.array(guardrailSchema).max(10).default([]),
  targeting: targetingSchema.default({}),
  engine: z.enum(ENGINES).default("frequentist"),
  alpha: z.number().gt(0).lt(0.5).default(0.05),
  correction: z.enum(CORRECTIONS).default("holm"),
  /** Stop the experiment when a guardrail is breached in two consecutive checks. */
  autoStop: z.boolean().default(false),
};

function checkVariantsAndMetrics(
  input: { variants?: ExperimentVariant[]; goalMetrics?: MetricDefinition[]; guardrails?: Guardrail[] },
  ctx: z.RefinementCtx,
) {
  if (input.variants) {
    const keys = input.variants.map((v) => v.key);
    keys.forEach((k, i) => {
      if (keys.indexOf(k) !== i) ctx.addIssue({ code: "custom", path: ["variants", i, "key"], message: `variant key "${k}" repeats` });
    });
    const total = input.variants.reduce((s, v) => s + v.weight, 0);
    if (Math.abs(total - 1) > 0.001) {
      ctx.addIssue({ code: "custom", path: ["variants"], message: `variant weights must sum to 1 (they sum to ${+total.toFixed(4)})` });
    }
  }
  if (input.goalMetrics) {
    const keys = input.goalMetrics.map((m) => m.key);
    keys.forEach((k, i) => {
      if (keys.indexOf(k) !== i) ctx.addIssue({ code: "custom", path: ["goalMetrics", i], message: `goal metric "${k}" repeats` });
    });
  }
}

export const createExperimentSchema = z
  .object({ key: keySchema("key"), ...experimentFields })
  .superRefine(checkVariantsAndMetrics);
export type CreateExperimentInput = z.input<typeof createExperimentSchema>;
export type ExperimentConfig = z.output<typeof createExperimentSchema>;

export const updateExperimentSchema = z
  .object({
    name: experimentFields.name.optional(),
    hypothesis: z.string().max(2000).optional(),
    variants: experimentFields.variants.optional(),
    coverage: z.number().min(0).max(1).optional(),
    seed: z.string().max(200).optional(),
    namespace: namespaceSchema.nullable().optional(),
    goalMetrics: z.array(metricInput.transform(resolveMetric)).min(1).max(10).optional(),
    guardrails: z.array(guardrailSchema).max(10).optional(),
    targeting: targetingSchema.optional(),
    engine: z.enum(ENGINES).optional(),
    alpha: z.number().gt(0).lt(0.5).optional(),
    correction: z.enum(CORRECTIONS).optional(),
    autoStop: z.boolean().optional(),
  })
  .superRefine(checkVariantsAndMetrics);
export type UpdateExperimentInput = z.output<typeof updateExperimentSchema>;

/** Fields that decide who sees what: frozen once the experiment has started, or results would mix populations. */
export const ASSIGNMENT_FIELDS = ["variants", "coverage", "seed", "namespace", "targeting"] as const;

/** Whether a user's attributes pass the experiment's targeting. */
export function matchesTargeting(targeting: Targeting, attributes: Record<string, unknown> = {}): boolean {
  return Object.entries(targeting).every(([attr, expected]) => {
    const actual = attributes[attr];
    return Array.isArray(expected) ? expected.some((v) => v === actual) : expected === actual;
  });
}

export const STATUS_ACTIONS = { start: "running", pause: "paused", resume: "running", stop: "stopped" } as const;
export type StatusAction = keyof typeof STATUS_ACTIONS;

/** Allowed transitions; a stopped experiment is final (start a new one instead). */
export function canTransition(from: ExperimentStatus, action: StatusAction): boolean {
  switch (action) {
    case "start":
      return from === "draft";
    case "pause":
      return from === "running";
    case "resume":
      return from === "paused";
    case "stop":
      return from === "running" || from === "paused";
  }
}
