import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { ROOT_CAUSE_METRIC_NAMES, ROOT_CAUSE_METRICS } from "@/lib/insights/root-cause/metrics";
import { projectDimensionKeys } from "@/lib/insights/store/settings";
import { PageHeader } from "@/components/ui/page-header";
import { RootCauseExplorer } from "@/components/insights/root-cause-explorer";
import { DimensionSettings } from "@/components/insights/dimension-settings";

export const metadata: Metadata = { title: "Insights" };

export default dashboardPage("insights:read", async function InsightsPage(_props: object, { principal }) {
  const keys = await projectDimensionKeys(await getDb(), principal.projectId);
  const metrics = ROOT_CAUSE_METRIC_NAMES.map((name) => ({ name, label: ROOT_CAUSE_METRICS[name].label }));
  return (
    <>
      <PageHeader
        title="Insights"
        description="Root cause of a metric change between two windows: the models, environments, releases, prompt versions, trace names, tools, plans, countries and metadata values that explain it (Adtributor, with a rate/mix decomposition for rates and means). Every detected anomaly gets one too."
      />
      <RootCauseExplorer metrics={metrics} now={new Date().toISOString()} />
      <DimensionSettings initial={keys} canEdit={can(principal.role, "insights:write")} />
    </>
  );
});
