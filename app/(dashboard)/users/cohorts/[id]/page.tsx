import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { getCohort } from "@/lib/cohorts/store/cohorts";
import { AppError } from "@/lib/errors";
import { pathId } from "@/lib/http/params";
import { PageHeader } from "@/components/ui/page-header";
import { toJson } from "@/components/ui/api";
import { CohortDetailPanel } from "@/components/cohorts/cohort-detail";

export const metadata: Metadata = { title: "Cohort" };

export default dashboardPage("users:read", async function CohortPage({ params }: { params: Promise<{ id: string }> }, { principal }) {
  const { id } = await params;
  if (!pathId("cohort").safeParse(id).success) notFound();
  const cohort = await getCohort(await getDb(), principal.projectId, id).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  return (
    <>
      <PageHeader title={cohort.name} description="A saved cohort: who is in it now, how its size moved, and its definition." />
      <CohortDetailPanel projectId={principal.projectId} initial={toJson(cohort)} canWrite={can(principal.role, "cohorts:write")} />
    </>
  );
});
