import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { listCohorts } from "@/lib/cohorts/store/cohorts";
import { PageHeader } from "@/components/ui/page-header";
import { toJson } from "@/components/ui/api";
import { CohortsPanel } from "@/components/cohorts/cohorts-panel";
import { CohortCompare } from "@/components/cohorts/cohort-compare";

export const metadata: Metadata = { title: "Cohorts" };

export default dashboardPage("users:read", async function CohortsPage(_props: object, { principal }) {
  const cohorts = await listCohorts(await getDb(), principal.projectId);
  return (
    <>
      <PageHeader
        title="Cohorts"
        description="Saved groups of end users by traits, behaviour, experiment variant or an uploaded list; membership is recomputed every minute."
      />
      <CohortsPanel projectId={principal.projectId} initial={toJson({ data: cohorts })} canWrite={can(principal.role, "cohorts:write")} />
      <section className="card section" aria-label="Cohort analysis">
        <h2>Cohort analysis</h2>
        <CohortCompare projectId={principal.projectId} cohorts={cohorts.map((c) => ({ id: c.id, name: c.name }))} today={new Date().toISOString().slice(0, 10)} />
      </section>
    </>
  );
});
