import { formatCount, formatDuration } from "@/components/format";
import { MetricStat } from "@/components/ui/metric-stat";
import type { JobsReply } from "./queries";

/** The trace ingest pipeline on the Jobs page: spans accepted but not yet readable, and the last hour's merge lag. */
export function IngestPipeline({ ingest }: { ingest: JobsReply["ingest"] }) {
  const { backlog, lastHour } = ingest;
  return (
    <section className="card" aria-label="Trace ingest pipeline">
      <h2>Trace ingest pipeline</h2>
      <p className="muted small">
        Accepted spans wait in a staging table until the ingest-merge job makes them readable. Above {formatCount(ingest.backlogLimitSpans)} waiting spans
        (all projects), ingest answers 429 with Retry-After.
      </p>
      <div className="grid grid-4">
        <MetricStat metric="ingest_waiting_spans" value={formatCount(backlog.spans)} hint={`${formatCount(backlog.batches)} accepted requests`} />
        <MetricStat metric="ingest_oldest_waiting" value={backlog.oldestWaitingMs === null ? "none" : formatDuration(backlog.oldestWaitingMs)} />
        <MetricStat metric="ingest_merged" value={formatCount(lastHour.spans)} hint={`${formatCount(lastHour.merges)} merges, ${formatCount(lastHour.refusedSpans)} spans refused`} />
        <MetricStat
          metric="ingest_visibility_lag"
          value={lastHour.lagP95Ms === null ? "no merges" : `p95 ≤ ${formatDuration(lastHour.lagP95Ms)}`}
          hint={lastHour.lagP50Ms === null ? undefined : `typical ${formatDuration(lastHour.lagP50Ms)}, longest ${formatDuration(lastHour.lagMaxMs)} (acceptance → readable)`}
        />
      </div>
    </section>
  );
}
