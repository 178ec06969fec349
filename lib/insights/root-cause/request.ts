/**
 * The body of POST /api/v1/insights/root-cause: a metric (a built-in's name, or `custom:<name>` for a custom metric
 * sent with POST /api/v1/metrics), two windows and optional dimensions.
 */
import { z } from "zod";
import { dimensionSchema } from "./dimensions";
import { CUSTOM_METRIC_PREFIX, ROOT_CAUSE_METRIC_NAMES, type RootCauseMetricName } from "./metrics";

const instant = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" }).transform((s) => new Date(s));
const window = z.object({ from: instant, to: instant }).refine((w) => w.from < w.to, { message: "from must be before to", path: ["from"] });

const customMetric = z
  .string()
  .startsWith(CUSTOM_METRIC_PREFIX)
  .refine((s) => /^[A-Za-z0-9_.:-]{1,100}$/.test(s.slice(CUSTOM_METRIC_PREFIX.length)), `a custom metric is ${CUSTOM_METRIC_PREFIX}<name> with the name it was sent with`);

export const rootCauseBodySchema = z
  .object({
    metric: z.union([z.enum(ROOT_CAUSE_METRIC_NAMES), customMetric], { error: `must be one of ${ROOT_CAUSE_METRIC_NAMES.join(", ")} or ${CUSTOM_METRIC_PREFIX}<name>` }),
    current: window,
    baseline: window,
    dimensions: z.array(dimensionSchema).min(1).max(20).optional(),
  })
  .transform(({ metric, ...rest }) =>
    metric.startsWith(CUSTOM_METRIC_PREFIX)
      ? { ...rest, metric: "custom" as RootCauseMetricName, customMetric: metric.slice(CUSTOM_METRIC_PREFIX.length) }
      : { ...rest, metric: metric as RootCauseMetricName },
  );
export type RootCauseBody = z.output<typeof rootCauseBodySchema>;
