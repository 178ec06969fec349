// Says when a view is built from sampled traces, and what stays exact: cost boards count sampled-out traces through
// their summary rows, while lists and trace pages can only show the traces that were kept.
import Link from "next/link";
import { formatCount, formatPercent } from "@/components/format";

export function SamplingNote({ sampleRate, sampledCalls, view }: { sampleRate: number; sampledCalls?: number; view: "totals" | "list" }) {
  if (sampleRate >= 1 && !sampledCalls) return null;
  const rate = sampleRate >= 1 ? "every trace now" : `${formatPercent(sampleRate)} of traces`;
  return (
    <p className="alert section" role="note" data-testid="sampling-note">
      Sampling keeps {rate} (<Link href="/settings#tracing-privacy-title">tracing settings</Link>).{" "}
      {view === "totals"
        ? `Totals, charts and the model, project and user tables count every model call${sampledCalls ? `, including ${formatCount(sampledCalls)} from traces sampling left out (kept as cost, token, latency and error summaries)` : ""}; the most expensive traces list shows kept traces only.`
        : "This list shows the kept traces only; cost and monitoring totals still count every trace."}
    </p>
  );
}
