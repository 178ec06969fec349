"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, formatDate } from "@/components/ui/api";
import { Stat } from "@/components/ui/stat";
import type { FunctionStats } from "@/lib/jobs/stats";

interface Run {
  id: string;
  functionId: string;
  status: "queued" | "running" | "succeeded" | "dead";
  attempts: number;
  maxAttempts: number;
  durationMs: number | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}
interface JobsResponse {
  mode: string;
  queueDepth: { queued: number; running: number };
  functions: FunctionStats[];
  runs: Run[];
  deadLetters: Run[];
}

const statusClass: Record<Run["status"], string> = {
  succeeded: "badge badge-ok",
  dead: "badge badge-danger",
  queued: "badge badge-warn",
  running: "badge",
};
const ms = (v: number | null) => (v === null ? "—" : v < 1000 ? `${v} ms` : `${(v / 1000).toFixed(1)} s`);

export function JobsDashboard({ canManage }: { canManage: boolean }) {
  const queryClient = useQueryClient();
  const jobs = useQuery({ queryKey: ["jobs"], queryFn: () => apiFetch<JobsResponse>("/api/v1/jobs"), refetchInterval: 5_000 });
  const replay = useMutation({
    mutationFn: (runId: string) => apiFetch(`/api/v1/jobs/${runId}/replay`, { method: "POST" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["jobs"] }),
  });
  const runNow = useMutation({
    mutationFn: (job: string) => apiFetch("/api/v1/jobs/trigger", { method: "POST", body: { job } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["jobs"] }),
  });

  if (jobs.isPending) return <p className="muted">Loading jobs…</p>;
  if (jobs.isError) return <div className="alert alert-error" role="alert">Could not load jobs: {jobs.error.message}</div>;
  const data = jobs.data;
  return (
    <div className="grid">
      <div className="grid grid-4">
        <Stat label="Runner" value={data.mode} hint={data.mode === "embedded" ? "in-process runner" : "Inngest"} />
        <Stat label="Queued" value={String(data.queueDepth.queued)} />
        <Stat label="Running" value={String(data.queueDepth.running)} />
        <Stat label="Dead letters" value={String(data.deadLetters.length)} />
      </div>

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
                  <td className="num">{f.runs}</td>
                  <td className="num">{f.succeeded}</td>
                  <td className="num">{f.dead}</td>
                  <td className="num">{ms(f.p50Ms)}</td>
                  <td className="num">{ms(f.p95Ms)}</td>
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
            <thead><tr><th>Job</th><th>Failed</th><th className="num">Attempts</th><th>Last error</th><th /></tr></thead>
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
                  <td className="num">{ms(r.durationMs)}</td>
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
