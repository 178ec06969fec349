import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { findDataset, itemsAtVersion, listRuns } from "@/lib/evaluation/store/datasets";
import { listPrompts } from "@/lib/evaluation/store/prompts";
import { NO_PROVIDER_MESSAGE, promptExecutor } from "@/lib/evaluation/prompt-executor";
import { asText } from "@/lib/evaluation/evaluators/deterministic";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { AddItemForm, RemoveItemButton, UploadItemsForm } from "@/components/evaluation/dataset-forms";
import { NewRunForm, RunProgress } from "@/components/evaluation/new-run-form";
import { QueueDatasetItems } from "@/components/review/queue-forms";
import { listQueues } from "@/lib/evaluation/store/annotation-queues";
import { formatCount, formatUtcMinute } from "@/components/format";

export const metadata: Metadata = { title: "Dataset" };

const clip = (v: unknown) => {
  const s = asText(v);
  return s.length > 160 ? `${s.slice(0, 160)}…` : s;
};

export default dashboardPage("evaluation:read", async function DatasetPage({ params }: { params: Promise<{ name: string }> }, { principal }) {
  const name = decodeURIComponent((await params).name);
  const db = await getDb();
  const dataset = await findDataset(db, principal.projectId, name);
  if (!dataset) notFound();
  const [items, runs, prompts] = await Promise.all([itemsAtVersion(db, dataset.id, dataset.version), listRuns(db, dataset.id), listPrompts(db, principal.projectId)]);
  const canWrite = can(principal.role, "evaluation:write");
  const queues = canWrite ? (await listQueues(db, principal.projectId)).map((q) => ({ id: q.id, name: q.name })) : [];
  return (
    <>
      <PageHeader title={name} description={<><Link href="/datasets">Datasets</Link> · version {dataset.version} · {formatCount(items.length)} items{dataset.description ? ` · ${dataset.description}` : ""}</>} />
      <section className="card" aria-label="Runs">
        <h2>Runs</h2>
        {runs.length === 0 ? (
          <p className="muted">No runs yet. Start one below, or send your application&apos;s outputs with <code>POST /api/v1/datasets/{name}/runs</code>.</p>
        ) : (
          <form method="get" action={`/datasets/${encodeURIComponent(name)}/compare`}>
            <div className="table-wrap">
              <table>
                <thead><tr><th>Compare</th><th>Run</th><th>Prompt version</th><th>Dataset version</th><th>Status</th><th>Items</th><th>Created</th></tr></thead>
                <tbody>
                  {/* Oldest first: the first ticked run is the comparison's baseline, usually the earlier version. */}
                  {[...runs].reverse().map((r) => (
                    <tr key={r.id}>
                      <td><input type="checkbox" name="run" value={r.id} aria-label={`Compare ${r.name}`} /></td>
                      <td>{r.name}</td>
                      <td>{r.promptVersion ? `v${r.promptVersion}` : <span className="muted">client outputs</span>}</td>
                      <td>v{r.datasetVersion}</td>
                      <td>
                        {r.status === "queued" || r.status === "running" ? <RunProgress datasetName={name} runId={r.id} total={r.itemCount} /> : <span className={`badge ${r.status === "failed" ? "badge-danger" : "badge-ok"}`}>{r.status}</span>}
                        {r.error ? <div className="small muted">{r.error}</div> : null}
                      </td>
                      <td>{formatCount(r.itemCount)}</td>
                      <td className="small">{formatUtcMinute(r.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <button className="btn">Compare selected (the first listed is the baseline)</button>
          </form>
        )}
        {canWrite ? <NewRunForm datasetName={name} prompts={prompts} noProvider={promptExecutor() ? null : NO_PROVIDER_MESSAGE} /> : null}
        {runs.length > 0 ? (
          <form method="get" action={`/datasets/${encodeURIComponent(name)}/calibration`} className="form-row" aria-label="Calibrate a judge">
            <label>
              Calibrate run{" "}
              <select name="run">{runs.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}</select>
            </label>
            <label>Evaluator <input name="evaluator" required className="input-small" /></label>
            <label>Human score name <input name="humanScore" required className="input-small" /></label>
            <button className="btn">Calibrate</button>
          </form>
        ) : null}
      </section>
      <section className="card" aria-label="Items">
        <h2>Items</h2>
        {items.length === 0 ? (
          <EmptyState title="No items yet"><p>Add items here, upload a file, or use “Add to dataset” on a trace.</p></EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead><tr><th>Input</th><th>Expected output</th><th>Source</th><th>Added in</th>{canWrite ? <th><span className="sr-only">Actions</span></th> : null}</tr></thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id}>
                    <td className="mono small">{clip(i.input)}</td>
                    <td className="mono small">{i.expectedOutput === null ? <span className="muted">—</span> : clip(i.expectedOutput)}</td>
                    <td className="small">{i.sourceTraceId ? <Link href={`/traces/${encodeURIComponent(i.sourceTraceId)}`}>trace</Link> : "—"}</td>
                    <td>v{i.addedInVersion}</td>
                    {canWrite ? <td><RemoveItemButton itemId={i.id} /></td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {canWrite ? (
          <>
            <AddItemForm datasetName={name} />
            <UploadItemsForm datasetName={name} />
            <QueueDatasetItems itemIds={items.map((i) => i.id)} queues={queues} />
          </>
        ) : null}
      </section>
    </>
  );
});
