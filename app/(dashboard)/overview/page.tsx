import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { overview, overviewQuerySchema } from "@/lib/overview/summary";
import { listCohorts } from "@/lib/cohorts/store/cohorts";
import { CohortSelect } from "@/components/cohorts/cohort-select";
import { CleanGetForm } from "@/components/ui/clean-get-form";
import { OVERVIEW_DAYS } from "@/lib/overview/backfill";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { MetricStat } from "@/components/ui/metric-stat";
import { DailyActivityChart } from "@/components/charts/daily-activity-chart";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { AnomalyFeed } from "@/components/monitoring/anomaly-feed";
import { formatCount, formatPercent } from "@/components/format";
import { InsightsPanel } from "@/components/insights/insights-panel";

export const metadata: Metadata = { title: "Overview" };
/** The ranges offered (days); the API takes any up to 366. */
const RANGES = [OVERVIEW_DAYS, 90, 180, 365];


export default dashboardPage("dashboard:read", async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }, { principal }) {
  const db = await getDb();
  const projectId = principal.projectId;
  const sp = await searchParams;
  const parsed = overviewQuerySchema.safeParse({ cohort: Array.isArray(sp.cohort) ? sp.cohort[0] : sp.cohort });
  const cohort = parsed.success ? parsed.data.cohort : undefined;
  // Longer ranges reach past hot retention: those days come from the warm tier where the project has one.
  const asked = Number(Array.isArray(sp.days) ? sp.days[0] : sp.days);
  const range = RANGES.includes(asked) ? asked : OVERVIEW_DAYS;
  // Days without rollups are read live; the hourly rollups job fills them in (a page GET never starts a job). The
  // rollups are project-wide, so a cohort's figures are read from the raw events.
  const [{ days, totals: s }, cohorts] = await Promise.all([overview(db, projectId, { cohort }, range), listCohorts(db, projectId)]);
  const window = `the ${range} × 24 hours up to now`;
  return (
    <>
      <PageHeader title="Overview" description={`${principal.projectName} · last ${range} days of product events`} />
      <nav className="form-row" aria-label="Range">
        {RANGES.map((d) => (
          <Link key={d} className={d === range ? "btn btn-primary" : "btn"} aria-current={d === range ? "page" : undefined} href={`/overview?days=${d}${cohort ? `&cohort=${cohort}` : ""}`}>
            {d} days
          </Link>
        ))}
      </nav>
      {parsed.success ? null : <div className="alert alert-error" role="alert">cohort: must be a cohort id; showing every user.</div>}
      {cohorts.length > 0 || cohort ? (
        <CleanGetForm action="/overview" className="form-row" aria-label="Filter by cohort">
          <CohortSelect cohorts={cohorts} value={cohort} />
          <button className="btn btn-primary" type="submit">Apply</button>
          {cohort ? <Link className="btn" href="/overview">All users</Link> : null}
          {cohort ? <p className="muted small">Computed from raw events for this cohort&apos;s members (the daily rollups cover the whole project).</p> : null}
        </CleanGetForm>
      ) : null}
      {days.length === 0 ? (
        cohort ? (
          <EmptyState title="No activity from this cohort">
            <p>None of the cohort&apos;s members (as of its last refresh) sent product events in the last {range} days.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No activity yet">
            <p>Send product events with a project API key to <code>POST /api/v1/ingest</code>; sessions, errors and feedback appear here.</p>
          </EmptyState>
        )
      ) : (
        <div className="grid">
          <div className="grid grid-4">
            <MetricStat metric="sessions" value={formatCount(s.sessions)} window={window} />
            <MetricStat metric="messages" value={formatCount(s.messages)} window={window} />
            <MetricStat metric="error_rate" value={formatPercent(s.errorRate)} window={window} />
            <MetricStat metric="thumbs_up_rate" value={formatPercent(s.thumbsUpRate)} hint={`${formatCount(s.feedbackCount)} ratings`} window={window} />
          </div>
          <DailyActivityChart data={days} />
          {can(principal.role, "monitoring:read") && (
            <section className="card" aria-label="Anomaly feed">
              <h2>
                Anomaly feed <Link className="small" href="/monitoring/anomalies">all anomalies</Link>
              </h2>
              <AnomalyFeed projectId={principal.projectId} limit={5} canReview={can(principal.role, "monitoring:write")} />
            </section>
          )}
        </div>
      )}
      {/* Suggestions come from traces, scores and experiments too, so the panel shows even before product events arrive. */}
      {can(principal.role, "insights:read") && (
        <div style={{ marginTop: "1rem" }}>
          <InsightsPanel projectId={principal.projectId} canGiveFeedback={can(principal.role, "insights:write")} />
        </div>
      )}
    </>
  );
});
