// The demo's daily drift report computed in memory: the demo's traces generated at an anchor (the instant the demo
// is seeded), the generation observations of the daily run's whole-day windows read as `windowRows` reads them
// (newest first, with their trace's tool calls), and the report built by the same function the run uses. Used by
// scripts/scan-demo-drift.ts and tests/demo-drift-anchors.test.ts; not part of the app.
import { generateDemoTraces } from "@/lib/demo/traces";
import { driftReportOfRows, type DriftRow } from "@/lib/monitoring/store/drift-report";
import { driftDay } from "@/lib/monitoring/store/drift-runs";

const DAY = 86_400_000;

/** The demo's German billing prompts, as the e2e looks for them in the report's clusters. */
export const GERMAN_PROMPT = /SEPA|Rechnung/;

export function demoDriftReport(anchor: Date, seed?: number) {
  const { observations } = generateDemoTraces({ anchor, seed });
  const tools = new Map<string, number>();
  for (const o of observations) if (o.type === "tool") tools.set(o.traceId, (tools.get(o.traceId) ?? 0) + 1);
  const day = driftDay(anchor);
  const rows = (from: number, to: number): DriftRow[] =>
    observations
      .filter((o) => o.type === "generation" && o.startTime.getTime() >= from && o.startTime.getTime() < to)
      .sort((a, b) => b.startTime.getTime() - a.startTime.getTime() || a.id.localeCompare(b.id))
      .map((o) => ({
        input: o.input ?? null,
        output: o.output ?? null,
        usage_input: o.usage?.input ?? null,
        usage_output: o.usage?.output ?? null,
        model: o.model,
        tools: tools.get(o.traceId) ?? 0,
      }));
  const t = day.getTime();
  return driftReportOfRows(rows(t - 14 * DAY, t - 7 * DAY), rows(t - 7 * DAY, t), day);
}

/** The reported clusters whose examples are the demo's German billing prompts. */
export const germanClusters = (report: ReturnType<typeof demoDriftReport>) =>
  (report.clusters ?? []).filter((c) => c.examples.some((e) => GERMAN_PROMPT.test(e)));
