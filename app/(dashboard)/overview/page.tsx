import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { overviewQuerySchema } from "@/lib/overview/summary";
import { overviewReport } from "@/lib/overview/report";
import { describeRange, describeWindow, parseTimeRange, partialDays, rangeParams, windowFields, withRange } from "@/lib/time-range/range";
import { compareValues } from "@/lib/time-range/compare";
import { pageParams, RangePicker, RangeProblem } from "@/components/time-range/range-picker";
import { PeriodChange, type ChangeKind } from "@/components/time-range/period-change";
import { listCohorts } from "@/lib/cohorts/store/cohorts";
import { CohortSelect } from "@/components/cohorts/cohort-select";
import { CleanGetForm } from "@/components/ui/clean-get-form";
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


export default dashboardPage("dashboard:read", async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }, { principal }) {
  const db = await getDb();
  const projectId = principal.projectId;
  const sp = await searchParams;
  const parsed = overviewQuerySchema.shape.cohort.safeParse(Array.isArray(sp.cohort) ? sp.cohort[0] : sp.cohort);
  const cohort = parsed.success ? parsed.data : undefined;
  const { range, problem: rangeProblem } = parseTimeRange(sp, new Date());
  // Days without rollups are read live; the hourly rollups job fills them in (a page GET never starts a job). The
  // rollups are project-wide, so a cohort's figures are read from the raw events.
  const [{ days, totals: s, previous }, cohorts] = await Promise.all([overviewReport(db, projectId, { cohort }, range), listCohorts(db, projectId)]);
  const window = describeWindow(range);
  const change = (current: number | null, before: number | null, format: (v: number) => string, kind?: ChangeKind) =>
    previous ? <PeriodChange comparison={compareValues(current, before, previous.coverage)} format={format} kind={kind} /> : undefined;
  const link = (href: string) => withRange(href, range);
  return (
    <>
      <PageHeader
        title="Overview"
        description={`${principal.projectName} · product events, ${describeRange(range)}`}
        actions={<RangePicker path="/overview" params={pageParams(sp)} range={range} comparable />}
      />
      <RangeProblem problem={rangeProblem} />
      {parsed.success ? null : <div className="alert alert-error" role="alert">cohort: must be a cohort id; showing every user.</div>}
      {cohorts.length > 0 || cohort ? (
        <CleanGetForm action="/overview" className="form-row" aria-label="Filter by cohort">
          {rangeParams(range).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
          <CohortSelect cohorts={cohorts} value={cohort} />
          <button className="btn btn-primary" type="submit">Apply</button>
          {cohort ? <Link className="btn" href={link("/overview")}>All users</Link> : null}
          {cohort ? <p className="muted small">Computed from raw events for this cohort&apos;s members (the daily rollups cover the whole project).</p> : null}
        </CleanGetForm>
      ) : null}
      {days.length === 0 ? (
        cohort ? (
          <EmptyState title="No activity from this cohort">
            <p>None of the cohort&apos;s members (as of its last refresh) sent product events in this range ({describeRange(range)}).</p>
          </EmptyState>
        ) : (
          <EmptyState title="No activity in this range">
            <p>No product events {describeRange(range)}. Widen the range, or send product events with a project API key to <code>POST /api/v1/ingest</code>; sessions, errors and feedback appear here.</p>
          </EmptyState>
        )
      ) : (
        <div className="grid">
          <div className="grid grid-4">
            <MetricStat metric="sessions" value={formatCount(s.sessions)} window={window} compare={change(s.sessions, previous?.totals.sessions ?? null, formatCount)} />
            <MetricStat metric="messages" value={formatCount(s.messages)} window={window} compare={change(s.messages, previous?.totals.messages ?? null, formatCount)} />
            <MetricStat metric="error_rate" value={formatPercent(s.errorRate)} window={window} compare={change(s.errorRate, previous?.totals.errorRate ?? null, (v) => formatPercent(v), "rate")} />
            <MetricStat metric="thumbs_up_rate" value={formatPercent(s.thumbsUpRate)} hint={`${formatCount(s.feedbackCount)} ratings`} window={window} compare={change(s.thumbsUpRate, previous?.totals.thumbsUpRate ?? null, (v) => formatPercent(v), "rate")} />
          </div>
          <DailyActivityChart data={days} partial={partialDays(range)} />
          {can(principal.role, "monitoring:read") && (
            <section className="card" aria-label="Anomaly feed">
              <h2>
                Anomaly feed <Link className="small" href={link("/monitoring/anomalies")}>all anomalies</Link>
              </h2>
              <AnomalyFeed projectId={principal.projectId} limit={5} filter={windowFields(range)} canReview={can(principal.role, "monitoring:write")} />
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
