import type { Metadata } from "next";
import { requirePermission } from "@/app/_server/page-auth";
import { getDb } from "@/db/client";
import { observedTraffic } from "@/lib/experiments/observed-traffic";
import { PageHeader } from "@/components/ui/page-header";
import { AccessDenied } from "@/components/ui/access-denied";
import { ExperimentForm, blankExperiment } from "@/components/experiments/experiment-form";

export const metadata: Metadata = { title: "New experiment" };

export default async function NewExperimentPage() {
  const access = await requirePermission("experiments:write");
  if (!access.allowed) return <AccessDenied role={access.principal.role} permission={access.permission} />;
  const observed = await observedTraffic(await getDb(), access.principal.projectId);
  return (
    <>
      <PageHeader title="New experiment" description="Variants, traffic split, goal metrics and guardrails. It starts as a draft." />
      <ExperimentForm mode="create" initial={blankExperiment} observed={observed} />
    </>
  );
}
