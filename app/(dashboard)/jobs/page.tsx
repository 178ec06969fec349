import type { Metadata } from "next";
import { requirePermission } from "@/app/_server/page-auth";
import { can } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/page-header";
import { AccessDenied } from "@/components/ui/access-denied";
import { JobsDashboard } from "@/components/jobs/jobs-dashboard";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage() {
  const access = await requirePermission("jobs:read");
  if (!access.allowed) return <AccessDenied role={access.principal.role} permission={access.permission} />;
  return (
    <>
      <PageHeader title="Jobs" description="Background job runs, queue depth, durations and the dead-letter queue." />
      <JobsDashboard projectId={access.principal.projectId} canManage={can(access.principal.role, "jobs:manage")} />
    </>
  );
}
