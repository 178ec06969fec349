import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { findExperiment } from "@/lib/experiments/store/experiments";
import { observedTraffic } from "@/lib/experiments/observed-traffic";
import { scoreNames } from "@/lib/traces/store/list-scores";
import { PageHeader } from "@/components/ui/page-header";
import { ExperimentForm } from "@/components/experiments/experiment-form";

export const metadata: Metadata = { title: "Edit experiment" };

export default dashboardPage("experiments:write", async function EditExperimentPage({ params }: { params: Promise<{ key: string }> }, { principal }) {
  const { key } = await params;
  const db = await getDb();
  const experiment = await findExperiment(db, principal.projectId, key);
  if (!experiment) notFound();
  const [observed, names] = await Promise.all([observedTraffic(db, principal.projectId), scoreNames(db, principal.projectId)]);
  return (
    <>
      <PageHeader title={`Edit: ${experiment.name}`} description={<span className="mono">{experiment.key}</span>} />
      <ExperimentForm mode="edit" initial={{ ...experiment, targeting: experiment.targeting }} observed={observed} scoreNames={names} />
    </>
  );
});
