import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { can } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/page-header";
import { JobsDashboard } from "@/components/jobs/jobs-dashboard";

export const metadata: Metadata = { title: "Jobs" };

export default dashboardPage("jobs:read", async function JobsPage(_props: object, { principal }) {
  return (
    <>
      <PageHeader title="Jobs" description="Background job runs, queue depth, durations and the dead-letter queue." />
      <JobsDashboard projectId={principal.projectId} canManage={can(principal.role, "jobs:manage")} />
    </>
  );
});
