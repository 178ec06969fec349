import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { explorerMetrics } from "@/lib/insights/root-cause/metrics";
import { recentCustomMetricNames } from "@/lib/insights/store/segments";
import { projectDimensionKeys } from "@/lib/insights/store/settings";
import { PageHeader } from "@/components/ui/page-header";
import { RootCauseExplorer } from "@/components/insights/root-cause-explorer";
import { DimensionSettings } from "@/components/insights/dimension-settings";
import { SuggestionList } from "@/components/insights/suggestion-list";
import { UsefulShare } from "@/components/insights/useful-share";

export const metadata: Metadata = { title: "Insights" };

export default dashboardPage("insights:read", async function InsightsPage(_props: object, { principal }) {
  const db = await getDb();
  const keys = await projectDimensionKeys(db, principal.projectId);
  // Custom metrics with points in the last 90 days are offered beside the built-in ones.
  const metrics = explorerMetrics(await recentCustomMetricNames(db, principal.projectId, new Date(Date.now() - 90 * 86_400_000)));
  return (
    <>
      <PageHeader
        title="Insights"
        description="Suggestions with the numbers behind them, and the root cause of a metric change between two windows: the models, environments, releases, prompt versions, trace names, tools, plans, countries and metadata values that explain it (Adtributor, with a rate/mix decomposition for rates and means). Every detected anomaly gets one too."
      />
      <p className="muted section">
        Also: <Link href="/insights/personas">persona effectiveness</Link> · <Link href="/insights/topics">conversation topics</Link>
      </p>
      <section className="card grid" id="suggestions" aria-label="Suggestions">
        <h2 style={{ margin: 0 }}>Suggestions</h2>
        <p className="muted small" style={{ margin: 0 }}>
          Every finding of the daily insights job, current and closed. A suggestion marked done or not useful re-opens only when its evidence moves by more than 25%.
        </p>
        <SuggestionList projectId={principal.projectId} status="all" canGiveFeedback={can(principal.role, "insights:write")} />
        <UsefulShare projectId={principal.projectId} />
      </section>
      <RootCauseExplorer metrics={metrics} now={new Date().toISOString()} />
      <DimensionSettings initial={keys} canEdit={can(principal.role, "insights:write")} />
    </>
  );
});
