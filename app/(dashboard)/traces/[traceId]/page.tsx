import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { getTrace } from "@/lib/traces/store/get-trace";
import { NotInProject } from "@/components/ui/not-in-project";
import { PageHeader } from "@/components/ui/page-header";
import { MetricStat } from "@/components/ui/metric-stat";
import { formatCost, formatDuration, formatNumber, formatTimestamp, formatTokens } from "@/components/format";
import { TraceViewer } from "@/components/traces/trace-view";
import { PayloadView } from "@/components/traces/payload-view";
import { toTraceView } from "@/components/traces/types";
import { AddToDataset } from "@/components/evaluation/add-to-dataset";
import { listDatasets } from "@/lib/evaluation/store/datasets";
import { listQueues } from "@/lib/evaluation/store/annotation-queues";
import { AddToReviewQueue } from "@/components/review/queue-forms";

export const metadata: Metadata = { title: "Trace" };

export default dashboardPage("traces:read", async function TracePage({ params, searchParams }: { params: Promise<{ traceId: string }>; searchParams: Promise<{ span?: string | string[]; observation?: string | string[] }> }, { principal }) {
  const { traceId } = await params;
  const id = decodeURIComponent(traceId);
  // `?span=` is the selected observation (the viewer writes it); `?observation=` is the older name judgments link with.
  const sp = await searchParams;
  const spanParam = sp.span ?? sp.observation;
  const initialObservationId = Array.isArray(spanParam) ? spanParam[0] : spanParam;
  const trace = await getTrace(await getDb(), principal.projectId, id);
  if (!trace) return <NotInProject kind="trace" id={id} listHref="/traces" listLabel="traces" />;
  const view = toTraceView(trace);
  const canCurate = can(principal.role, "evaluation:write");
  const datasetNames = canCurate ? (await listDatasets(await getDb(), principal.projectId)).map((d) => d.name) : [];
  const queues = canCurate ? (await listQueues(await getDb(), principal.projectId)).map((q) => ({ id: q.id, name: q.name })) : [];
  return (
    <>
      <PageHeader
        title={trace.name ?? "(unnamed trace)"}
        description={
          <>
            <Link href="/traces">Traces</Link> · {formatTimestamp(trace.timestamp)} · {trace.environment}
            {trace.userId ? (
              <>
                {" "}
                · user <Link href={`/users/${encodeURIComponent(trace.userId)}`}>{trace.userId}</Link>
              </>
            ) : null}
            {trace.sessionId ? (
              <>
                {" "}
                · session <Link href={`/sessions/${encodeURIComponent(trace.sessionId)}`}>{trace.sessionId}</Link>
              </>
            ) : null}
            {trace.release ? ` · release ${trace.release}` : ""}
            <span className="mono"> · {trace.id}</span>
          </>
        }
        actions={
          canCurate ? (
            <div className="form-row">
              <AddToDataset traceId={trace.id} datasets={datasetNames} />
              <AddToReviewQueue traceId={trace.id} queues={queues} />
            </div>
          ) : null
        }
      />
      <div className="grid grid-4">
        <MetricStat metric="trace_latency" value={formatDuration(trace.latencyMs)} />
        <MetricStat metric="tokens" window="this trace" value={formatTokens(trace.totalTokens)} hint={`${formatTokens(trace.inputTokens)} in · ${formatTokens(trace.outputTokens)} out`} />
        <MetricStat metric="cost" window="this trace" value={formatCost(trace.totalCost)} hint="sum of model calls" />
        <MetricStat metric="trace_observations" value={String(trace.observationCount)} hint={trace.level === "ERROR" ? "contains errors" : `level ${trace.level}`} />
        <MetricStat
          metric="trace_sentiment"
          value={trace.sentiment ? (trace.sentiment.label ?? "–") : "–"}
          hint={trace.sentiment ? `polarity ${formatNumber(trace.sentiment.polarity, 2)}` : "no end-user text analysed"}
        />
      </div>
      {trace.tags.length > 0 ? (
        <p>
          {trace.tags.map((t) => (
            <span key={t} className="badge trace-tag">
              {t}
            </span>
          ))}
        </p>
      ) : null}
      <p className="small section">
        <a href="#waterfall">Skip to the waterfall</a>
      </p>
      <section className="grid grid-2" aria-label="Trace input and output">
        <div className="card">
          <PayloadView label="Input" value={trace.input} />
        </div>
        <div className="card">
          <PayloadView label="Output" value={trace.output} />
        </div>
      </section>
      <div className="section">
        <TraceViewer trace={view} canScore={can(principal.role, "scores:write")} initialObservationId={initialObservationId} />
      </div>
    </>
  );
});
