import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ModelVersionsTable } from "@/components/personalization/model-versions-table";
import { listModelVersions } from "@/lib/personalization/store/models";

export const metadata: Metadata = { title: "Personalization" };

export default dashboardPage("personalization:read", async function PersonalizationPage(_props: object, { principal }) {
  const versions = await listModelVersions(await getDb(), principal.projectId);
  const description = "Recommendation models learned from interaction feedback, trained daily and evaluated against a popularity baseline; a version serves only when it beats it.";
  if (!versions.length) {
    return (
      <>
        <PageHeader title="Personalization" description={description} />
        <EmptyState title="No model trained yet">
          <p>
            Send <code>item</code> and <code>interaction</code> items to <code>POST /api/v1/ingest</code>, then call <code>POST /api/v1/recommendations/train</code> or wait for the
            daily <code>personalization-train</code> job.
          </p>
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Personalization" description={description} />
      <section className="card section" aria-label="Model versions">
        <h2>Model versions</h2>
        <ModelVersionsTable versions={versions} />
      </section>
    </>
  );
});
