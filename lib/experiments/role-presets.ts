// The metric presets (thumbs_up_rate, error_rate, messages_per_user, ...) are written with today's event names; a
// project whose catalog gives a role to another event (message = chat.turn) gets the preset over that event instead.
// Only an unmodified preset is renamed: a definition written out in full keeps the events its author named.
import { isDeepStrictEqual } from "node:util";
import { DEFAULT_ROLES, METRIC_ROLES, type MetricRoles } from "@/lib/catalog/definition";
import { metricDefinitionSchema, metricPresets, type MetricDefinition } from "./definition";

export function withRoleEvents(metric: MetricDefinition, roles: MetricRoles): MetricDefinition {
  const preset = metricPresets[metric.key];
  if (!preset || !isDeepStrictEqual(metric, metricDefinitionSchema.parse(preset))) return metric;
  const rename = new Map(METRIC_ROLES.flatMap((r) => (DEFAULT_ROLES[r] && roles[r] ? [[DEFAULT_ROLES[r], roles[r]] as const] : [])));
  const events = (names: string[]) => names.map((n) => rename.get(n) ?? n);
  return {
    ...metric,
    ...(metric.numerator ? { numerator: { ...metric.numerator, events: events(metric.numerator.events) } } : {}),
    ...(metric.denominator ? { denominator: { ...metric.denominator, events: events(metric.denominator.events) } } : {}),
  };
}

/** Goal metrics and guardrails of a create or update with the project's role events in their presets. */
export function experimentWithRoleEvents<T extends { goalMetrics?: MetricDefinition[]; guardrails?: { metric: MetricDefinition }[] }>(input: T, roles: MetricRoles): T {
  return {
    ...input,
    ...(input.goalMetrics ? { goalMetrics: input.goalMetrics.map((m) => withRoleEvents(m, roles)) } : {}),
    ...(input.guardrails ? { guardrails: input.guardrails.map((g) => ({ ...g, metric: withRoleEvents(g.metric, roles) })) } : {}),
  };
}
