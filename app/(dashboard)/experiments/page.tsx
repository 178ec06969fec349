import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { listExperiments } from "@/lib/experiments/store/experiments";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge, runningTime } from "@/components/experiments/status-badge";
import { formatUtcMinute } from "@/components/format";

export const metadata: Metadata = { title: "Experiments" };

export default dashboardPage("experiments:read", async function ExperimentsPage(_props: object, { principal }) {
  const rows = await listExperiments(await getDb(), principal.projectId);
  const canWrite = can(principal.role, "experiments:write");
  return (
    <>
      <PageHeader
        title="Experiments"
        description="A/B tests of prompts, models and parameters, analyzed from exposures and product events."
        actions={canWrite ? <Link className="btn btn-primary" href="/experiments/new">New experiment</Link> : null}
      />
      {rows.length === 0 ? (
        <EmptyState title="No experiments yet">
          <p>
            Create an experiment, start it, and have your product call <code>POST /api/v1/experiments/&#123;key&#125;/assign</code> with
            each user&apos;s id; results appear here as exposures and events arrive.
          </p>
        </EmptyState>
      ) : (
        <section className="card" aria-label="Experiment list">
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Experiment</th>
                  <th>Status</th>
                  <th>Running time</th>
                  <th>Variants</th>
                  <th>Traffic split</th>
                  <th>Guardrails</th>
                  <th>Results</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <Link href={`/experiments/${e.key}`}>{e.name}</Link>
                      <div className="muted small mono">{e.key}</div>
                    </td>
                    <td><StatusBadge status={e.status} /></td>
                    <td>{runningTime(e.startedAt, e.endedAt)}</td>
                    <td>{e.variants.map((v) => v.key).join(" · ")}</td>
                    <td>
                      {!e.results ? (
                        <span className="muted">—</span>
                      ) : e.results.srmFlagged ? (
                        <span className="badge badge-danger">SRM warning</span>
                      ) : (
                        <span className="badge badge-ok">OK</span>
                      )}
                    </td>
                    <td>
                      {e.guardrails.length === 0 ? (
                        <span className="muted">none</span>
                      ) : !e.results ? (
                        <span className="muted">not checked</span>
                      ) : e.results.guardrailBreached ? (
                        <span className="badge badge-danger">breached</span>
                      ) : (
                        <span className="badge badge-ok">holding</span>
                      )}
                      {e.pendingNotifications > 0 ? (
                        <div className="small">owner notified ({e.pendingNotifications})</div>
                      ) : null}
                    </td>
                    <td className="small">
                      {e.results?.computedAt ? `updated ${formatUtcMinute(e.results.computedAt)}` : <span className="muted">not computed yet</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
});
