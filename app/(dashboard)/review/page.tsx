import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { listQueues } from "@/lib/evaluation/store/annotation-queues";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { NewQueueForm } from "@/components/review/queue-forms";
import { formatCount, formatUtcMinute } from "@/components/format";

export const metadata: Metadata = { title: "Review queues" };

export default dashboardPage("evaluation:read", async function ReviewQueuesPage(_props: object, { principal }) {
  const queues = await listQueues(await getDb(), principal.projectId);
  const canReview = can(principal.role, "evaluation:write");
  return (
    <>
      <PageHeader title="Review queues" description="Traces, dataset items and generated Spectrum insights waiting for a human score. Reviewers' trace scores are stored with source “annotation” and compared with judge scores of the same name." />
      {queues.length === 0 ? (
        <EmptyState title="No review queues yet">
          <p>Create one below (or with <code>POST /api/v1/annotation-queues</code>), then add traces from a trace page, dataset items from a dataset page, Spectrum insights from the queue&apos;s page, or any of them with <code>POST /api/v1/annotation-queues/{"{id}"}/items</code>.</p>
        </EmptyState>
      ) : (
        <section className="card" aria-label="Queues">
          <div className="table-wrap">
            <table>
              <thead><tr><th>Queue</th><th>Scores</th><th>Progress</th><th>Created</th></tr></thead>
              <tbody>
                {queues.map((q) => (
                  <tr key={q.id}>
                    <td>
                      {canReview ? <Link href={`/review/${q.id}`}>{q.name}</Link> : q.name} {q.blinded ? <span className="badge">blinded</span> : null}
                      {q.description ? <div className="small muted">{q.description}</div> : null}
                    </td>
                    <td className="small mono">{q.scoreConfigs.map((c) => c.name).join(", ")}</td>
                    <td>
                      <progress value={q.done} max={Math.max(1, q.total)} aria-label={`${q.done} of ${q.total} reviewed`} /> <span className="small">{formatCount(q.done)} / {formatCount(q.total)}</span>
                    </td>
                    <td className="small">{formatUtcMinute(q.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {canReview ? <NewQueueForm /> : null}
    </>
  );
});
