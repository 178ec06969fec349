/** Links from a root cause candidate to the traces that make it up (the traces list filters it supports). */
import type { Candidate } from "./attribution";
import type { Dimension } from "./dimensions";

/** Trace list filters per dimension; other dimensions link to the window's traces only. */
const TRACE_FILTERS: Partial<Record<Dimension, string>> = { model: "model", environment: "environment", trace_name: "name" };

export function tracesHref(
  req: { current: { from: Date; to: Date }; metric: string; filters?: { dimension: Dimension; value: string }[] },
  c: Pick<Candidate, "dimension" | "value">,
): string {
  const params = new URLSearchParams({ from: req.current.from.toISOString(), to: req.current.to.toISOString() });
  const dims = c.dimension.split(" × ") as Dimension[];
  const values = c.value.split(" × ");
  const pairs = [...(req.filters ?? []).map((f) => [f.dimension, f.value] as const), ...dims.map((d, i) => [d, values[i]] as const)];
  for (const [d, v] of pairs) {
    const filter = TRACE_FILTERS[d];
    if (filter && v !== "(none)") params.set(filter, v);
  }
  if (req.metric.startsWith("latency")) {
    params.set("sort", "latency");
    params.set("order", "desc");
  } else if (req.metric === "error_rate") params.set("level", "ERROR");
  else if (req.metric === "cost") {
    params.set("sort", "cost");
    params.set("order", "desc");
  }
  return `/traces?${params.toString()}`;
}
