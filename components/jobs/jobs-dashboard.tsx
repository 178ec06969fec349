"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatCount, formatDate, formatDuration } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { MetricStat } from "@/components/ui/metric-stat";
import { jobKeys, jobsApi, type JobRunView, type JobsReply } from "./queries";
import { IngestPipeline } from "./ingest-pipeline";

const statusClass: Record<JobRunView["status"], string> = {
  succeeded: "badge badge-ok",
  dead: "badge badge-danger",
  queued: "badge badge-warn",
  running: "badge",
};

export function JobsDashboard({ projectId, canManage }: { projectId: string; canManage: boolean }) {
  const jobs = useQuery({ queryKey: jobKeys.all(projectId), queryFn: jobsApi.overview, refetchInterval: 5_000 });
  return (
    <QueryState query={jobs} what="jobs">
      {(data) => <JobsView projectId={projectId} canManage={canManage} data={data} />}
    </QueryState>
  );
}

function JobsView({ projectId, canManage, data }: { projectId: string; canManage: boolean; data: JobsReply }) {
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: jobKeys.all(projectId) });
  const replay = useMutation({ mutationFn: jobsApi.replay, onSettled: invalidate });
  const runNow = useMutation({ mutationFn: jobsApi.trigger, onSettled: invalidate });
  return (
    <div className="grid">
      <div className="grid grid-4">
        <MetricStat metric="jobs_runner" value={data.mode} hint={data.mode === "embedded" ? "in-process runner" : "Inngest"} />
        <MetricStat metric="jobs_queued" value={formatCount(data.queueDepth.queued)} />
        <MetricStat metric="jobs_running" value={formatCount(data.queueDepth.running)} />
        <MetricStat metric="jobs_dead_letters" value={formatCount(data.deadLetters.length)} />
      </div>

      <IngestPipeline ingest={data.ingest} />

      <section className="card table-wrap" aria-label="Durations per job">
        <div className="page-header" style={{ marginBottom: "0.5rem" }}>
          <h2>Per job, last 7 days</h2>
          {canManage ? (
            <button className="btn" onClick={() => runNow.mutate("nightly-housekeeping")} disabled={runNow.isPending}>
              Run housekeeping now
            </button>
          ) : null}
        </div>
        {runNow.isError ? <div className="alert alert-error">{runNow.error.message}</div> : null}
        {data.functions.length === 0 ? (
          <p className="muted">No job has run in the last 7 days.</p>
        ) : (
          <table>
            <thead>
              <tr><th>Job</th><th className="num">Runs</th><th className="num">Succeeded</th><th className="num">Dead</th><th className="num">p50</th><th className="num">p95</th></tr>
            </thead>
            <tbody>
              {data.functions.map((f) => (
                <tr key={f.functionId}>
                  <td className="mono">{f.functionId}</td>
                  <td className="num">{formatCount(f.runs)}</td>
                  <td className="num">{formatCount(f.succeeded)}</td>
                  <td className="num">{formatCount(f.dead)}</td>
                  <td className="num">{formatDuration(f.p50Ms)}</td>
                  <td className="num">{formatDuration(f.p95Ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card table-wrap" aria-label="Dead-letter queue">
        <h2>Dead-letter queue</h2>
        {replay.isError ? <div className="alert alert-error" role="alert">{replay.error.message}</div> : null}
        {data.deadLetters.length === 0 ? (
          <p className="muted">Empty: no run has failed all its attempts.</p>
        ) : (
          <table>
            <thead><tr><th>Job</th><th>Failed</th><th className="num">Attempts</th><th>Last error</th><th><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {data.deadLetters.map((r) => (
                <tr key={r.id}>
                  <td className="mono">{r.functionId}</td>
                  <td>{formatDate(r.finishedAt)}</td>
                  <td className="num">{r.attempts}/{r.maxAttempts}</td>
                  <td className="mono">{r.lastError}</td>
                  <td>
                    {canManage ? (
                      <button className="btn" onClick={() => replay.mutate(r.id)} disabled={replay.isPending}>Replay</button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card table-wrap" aria-label="Recent runs">
        <h2>Recent runs</h2>
        {data.runs.length === 0 ? (
          <p className="muted">No runs yet. Jobs run on their schedule (housekeeping nightly at 03:00 UTC) or on events.</p>
        ) : (
          <table>
            <thead><tr><th>Job</th><th>Status</th><th className="num">Attempts</th><th className="num">Duration</th><th>Created</th><th>Error</th></tr></thead>
            <tbody>
              {data.runs.map((r) => (
                <tr key={r.id}>
                  <td className="mono">{r.functionId}</td>
                  <td><span className={statusClass[r.status]}>{r.status}</span></td>
                  <td className="num">{r.attempts}/{r.maxAttempts}</td>
                  <td className="num">{formatDuration(r.durationMs)}</td>
                  <td>{formatDate(r.createdAt)}</td>
                  <td className="mono">{r.lastError ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
