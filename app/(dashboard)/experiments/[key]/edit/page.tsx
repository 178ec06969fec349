import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePermission } from "@/app/_server/page-auth";
import { getDb } from "@/db/client";
import { findExperiment } from "@/lib/experiments/store/experiments";
import { observedTraffic } from "@/lib/experiments/observed-traffic";
import { PageHeader } from "@/components/ui/page-header";
import { AccessDenied } from "@/components/ui/access-denied";
import { ExperimentForm } from "@/components/experiments/experiment-form";

export const metadata: Metadata = { title: "Edit experiment" };

export default async function EditExperimentPage({ params }: { params: Promise<{ key: string }> }) {
  const access = await requirePermission("experiments:write");
  if (!access.allowed) return <AccessDenied role={access.principal.role} permission={access.permission} />;
  const { key } = await params;
  const db = await getDb();
  const experiment = await findExperiment(db, access.principal.projectId, key);
  if (!experiment) notFound();
  const observed = await observedTraffic(db, access.principal.projectId);
  return (
    <>
      <PageHeader title={`Edit: ${experiment.name}`} description={<span className="mono">{experiment.key}</span>} />
      <ExperimentForm mode="edit" initial={{ ...experiment, targeting: experiment.targeting }} observed={observed} />
    </>
  );
}
