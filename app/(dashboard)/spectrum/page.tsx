import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import type { SearchParams } from "@/app/_server/search-params";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { MetricStat } from "@/components/ui/metric-stat";
import { formatDuration, formatShare, formatUtcMinute } from "@/components/format";
import { estimateShare } from "@/lib/primitives/proportion";
import { spectrumHealth, WEEKLY_SLA_HOURS, type WeeklySlaStatus } from "@/lib/spectrum/store/health";
import { can } from "@/lib/auth/permissions";
import { EraseUserForm } from "@/components/spectrum/erase-user-form";
import { RetentionChart } from "@/components/spectrum/retention-chart";
import { spectrumEngagement, type EngagementKind } from "@/lib/spectrum/store/engagement";
import { describeRange, describeWindow, parseTimeRange } from "@/lib/time-range/range";
import { pageParams, RangePicker, RangeProblem } from "@/components/time-range/range-picker";

export const metadata: Metadata = { title: "Spectrum" };
export const dynamic = "force-dynamic";

const ENGAGEMENT_LABELS: Record<EngagementKind, string> = {
  page_view: "Page views",
  feed_open: "Older feed opened",
  insight_expand: "Insight expanded",
  teaser_view: "Deep-dive teaser seen",
  reset: "Resets",
  exclusion_add: "Sessions excluded",
  exclusion_remove: "Exclusions removed",
};

const SLA_LABELS: Record<WeeklySlaStatus, string> = { met: "met", missed: "missed", not_yet_due: "not yet due" };

/** When the SLA applies: the first deadline for a project set up after the last one, else the deadline judged. */
const slaDue = (sla: { status: WeeklySlaStatus; deadline: string; nextDeadline: string }) =>
  sla.status === "not_yet_due"
    ? `First due ${formatUtcMinute(sla.nextDeadline)} (the project started after the last Monday run)`
    : `Due ${WEEKLY_SLA_HOURS} h after Monday 04:00 UTC; judged at ${formatUtcMinute(sla.deadline)}`;

const ratio = (a: number, b: number) => (b === 0 ? "—" : `${Math.round((a / b) * 100)}%`);

/** Spectrum health for the product team: never shows any end user's text or insights. */
export default dashboardPage("spectrum:admin", async function SpectrumHealthPage({ searchParams }: { searchParams: Promise<SearchParams> }, { principal }) {
  const db = await getDb();
  const sp = await searchParams;
  // Coverage and the SLA judge the last full week; the other counts follow the dashboard's one time range.
  const now = new Date();
  const { range, problem } = parseTimeRange(sp, now);
  const inRange = describeRange(range);
  const window = describeWindow(range);
  const InRange = inRange.charAt(0).toUpperCase() + inRange.slice(1);
  const [h, engagement] = await Promise.all([spectrumHealth(db, principal.projectId, range, now), spectrumEngagement(db, principal.projectId, range, now)]);
  const anyEngagement = engagement.byKind.some((k) => k.events > 0);
  const local = h.cost.providers.every((p) => p.provider === "local");
  return (
    <>
      <PageHeader
        title="Spectrum"
        description={`Health of end users' private Spectrum pages · coverage and SLA: last full week ${h.week}; the rest: ${inRange}`}
        actions={<RangePicker path="/spectrum" params={pageParams(sp)} range={range} />}
      />
      <RangeProblem problem={problem} />
      <div className="grid grid-4" data-testid="spectrum-health">
        <MetricStat
          metric="spectrum_coverage"
          window={`the last full week, ${h.week} (Monday to Monday, UTC)`}
          value={ratio(h.coverage.usersWithWeeklyAggregate, h.coverage.usersWithSessions)} hint={`${h.coverage.usersWithWeeklyAggregate} of ${h.coverage.usersWithSessions} users with sessions have a weekly aggregate; ${h.coverage.usersWithWeeklyInsight} have an insight`} />
        <MetricStat
          metric="spectrum_weekly_sla"
          value={SLA_LABELS[h.weeklyJob.sla.status]}
          hint={`${slaDue(h.weeklyJob.sla)} · ${h.weeklyJob.succeeded} of ${h.weeklyJob.runs} ${h.weeklyJob.runs === 1 ? "run" : "runs"} succeeded ${inRange}, ${h.weeklyJob.dead} dead-lettered${h.weeklyJob.p95DurationMs !== null ? ` · p95 ${formatDuration(h.weeklyJob.p95DurationMs)}` : ""}${h.weeklyJob.lastSucceededAt ? ` · last ${formatUtcMinute(h.weeklyJob.lastSucceededAt)}${h.weeklyJob.lastSucceededSource ? ` (${h.weeklyJob.lastSucceededSource})` : ""}` : ""}`}
        />
        <MetricStat
          metric="spectrum_validation_failures"
          window={`insights created and runs started in ${window}`}
          value={String(h.validation.rejectedAttempts + h.validation.deadLetteredRuns)} hint={`${InRange}: ${h.validation.rejectedAttempts} rejected drafts regenerated, ${h.validation.deadLetteredRuns} dead-lettered runs, ${h.validation.insights} insights stored`} />
        <MetricStat
          metric="spectrum_cost_per_user"
          window={`insights created in ${window}`}
          value={`$${h.cost.perUserUsd.toFixed(4)}`}
          hint={local ? "0 because insights come from the local template generator (no LLM calls). Set OPENAI_API_KEY to use a model." : `${InRange}: total $${h.cost.totalUsd.toFixed(4)} over ${h.cost.users} users (${h.cost.providers.map((p) => p.model).join(", ")})`}
        />
      </div>
      {h.validation.lastDeadError && (
        <section className="section card">
          <h2>Last dead-lettered Spectrum run</h2>
          <p className="mono">{h.validation.lastDeadError}</p>
          <p className="muted small">Replay it from the Jobs page once the cause is fixed.</p>
        </section>
      )}
      <section className="section" aria-labelledby="engagement-title" data-testid="spectrum-engagement">
        <h2 id="engagement-title">Engagement</h2>
        <div className="grid grid-2" style={{ marginBottom: "1rem" }}>
          <div className="card">
            <h3 style={{ marginTop: 0 }}>Spectrum engagement, {inRange}</h3>
            {anyEngagement ? (
              <table className="table spectrum-engagement-table">
                <thead>
                  <tr>
                    <th>Action</th>
                    <th>Events</th>
                    <th>Members</th>
                  </tr>
                </thead>
                <tbody>
                  {engagement.byKind.map((k) => (
                    <tr key={k.kind}>
                      <td>{ENGAGEMENT_LABELS[k.kind]}</td>
                      <td>{k.events}</td>
                      <td>{k.users}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">No member has opened their Spectrum, {inRange}.</p>
            )}
          </div>
          <MetricStat
            metric="spectrum_teaser_conversion"
            window={window}
            value={engagement.teaser.viewers === 0 ? "no teaser views" : formatShare(estimateShare(engagement.teaser.upgraded, engagement.teaser.viewers))}
            hint={
              engagement.teaser.viewers === 0
                ? `Free-plan members see a teaser for the monthly deep dive; none has seen it, ${inRange}.`
                : `${InRange}: ${engagement.teaser.upgraded} of ${engagement.teaser.viewers} members who saw the monthly deep-dive teaser upgraded afterwards (a "plan_upgraded" event after their first teaser view in the window); the same members as the table's "Deep-dive teaser seen" row.`
            }
          />
        </div>
        <RetentionChart retention={engagement.retention} />
      </section>
      {can(principal.role, "users:delete") && <EraseUserForm />}
    </>
  );
});
