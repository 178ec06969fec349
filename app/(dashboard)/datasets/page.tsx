import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { listDatasets } from "@/lib/evaluation/store/datasets";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { NewDatasetForm } from "@/components/evaluation/dataset-forms";
import { formatCount, formatUtcMinute } from "@/components/format";

export const metadata: Metadata = { title: "Datasets" };

export default dashboardPage("evaluation:read", async function DatasetsPage(_props: object, { principal }) {
  const rows = await listDatasets(await getDb(), principal.projectId);
  return (
    <>
      <PageHeader title="Datasets" description="Golden sets of inputs and expected outputs; runs score prompt versions against them." />
      {rows.length === 0 ? (
        <EmptyState title="No datasets yet">
          <p>Create one here, add items with <code>POST /api/v1/dataset-items</code>, or use “Add to dataset” on a trace.</p>
        </EmptyState>
      ) : (
        <section className="card" aria-label="Dataset list">
          <div className="table-wrap">
            <table>
              <thead><tr><th>Dataset</th><th>Items</th><th>Version</th><th>Runs</th><th>Created</th></tr></thead>
              <tbody>
                {rows.map((d) => (
                  <tr key={d.id}>
                    <td><Link href={`/datasets/${encodeURIComponent(d.name)}`}>{d.name}</Link>{d.description ? <div className="small muted">{d.description}</div> : null}</td>
                    <td>{formatCount(d.items)}</td>
                    <td>v{d.version}</td>
                    <td>{formatCount(d.runs)}</td>
                    <td className="small">{formatUtcMinute(d.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {can(principal.role, "evaluation:write") ? <NewDatasetForm /> : null}
    </>
  );
});
