/** The body of POST /api/v1/insights/root-cause: a metric, two windows and optional dimensions. */
import { z } from "zod";
import { dimensionSchema } from "./dimensions";
import { ROOT_CAUSE_METRIC_NAMES } from "./metrics";

const instant = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" }).transform((s) => new Date(s));
const window = z.object({ from: instant, to: instant }).refine((w) => w.from < w.to, { message: "from must be before to", path: ["from"] });

export const rootCauseBodySchema = z.object({
  metric: z.enum(ROOT_CAUSE_METRIC_NAMES),
  current: window,
  baseline: window,
  dimensions: z.array(dimensionSchema).min(1).max(20).optional(),
});
export type RootCauseBody = z.output<typeof rootCauseBodySchema>;
