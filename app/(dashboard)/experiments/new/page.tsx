import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { observedTraffic } from "@/lib/experiments/observed-traffic";
import { scoreNames } from "@/lib/traces/store/list-scores";
import { PageHeader } from "@/components/ui/page-header";
import { ExperimentForm, blankExperiment } from "@/components/experiments/experiment-form";

export const metadata: Metadata = { title: "New experiment" };

export default dashboardPage("experiments:write", async function NewExperimentPage(_props: object, { principal }) {
  const db = await getDb();
  const [observed, names] = await Promise.all([observedTraffic(db, principal.projectId), scoreNames(db, principal.projectId)]);
  return (
    <>
      <PageHeader title="New experiment" description="Variants, traffic split, goal metrics and guardrails. It starts as a draft." />
      <ExperimentForm mode="create" initial={blankExperiment} observed={observed} scoreNames={names} />
    </>
  );
});
