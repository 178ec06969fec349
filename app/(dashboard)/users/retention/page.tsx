import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import type { SearchParams } from "@/app/_server/search-params";
import { getDb } from "@/db/client";
import { listCohorts } from "@/lib/cohorts/store/cohorts";
import { retention } from "@/lib/user-insights/insights";
import { retentionPageState } from "@/lib/user-insights/page-params";
import { recentEventNames } from "@/lib/user-insights/store/event-names";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ControlsProblem, EventSelect, FormActions, RangeAndBreakdown } from "@/components/user-insights/insight-controls";
import { RetentionCurves, RetentionTriangle } from "@/components/user-insights/retention-view";

export const metadata: Metadata = { title: "Retention" };

export default dashboardPage("users:read", async function RetentionPage({ searchParams }: { searchParams: Promise<SearchParams> }, { principal }) {
  const db = await getDb();
  const sp = await searchParams;
  const now = new Date();
  const [names, cohorts] = await Promise.all([recentEventNames(db, principal.projectId, now), listCohorts(db, principal.projectId)]);
  const header = <PageHeader title="Retention" description="Of the users who first did the start event in a period, how many came back with the return event in each later period (UTC)." />;
  if (names.length === 0) {
    return (
      <>
        {header}
        <EmptyState title="No events yet">
          <p>Send product events (batch item <code>event</code>) with a <code>userId</code> to see retention.</p>
        </EmptyState>
      </>
    );
  }
  const { input, problem } = retentionPageState(sp, now, names);
  const reply = input ? await retention(db, principal.projectId, input) : null;
  const labels = Object.fromEntries(cohorts.map((c) => [c.id, c.name]));
  return (
    <>
      {header}
      <form method="get" action="/users/retention" className="card" aria-label="Retention query">
        <div className="form-row">
          <EventSelect name="start" label="Start event" value={input?.startEvent} options={names} />
          <EventSelect name="return" label="Return event" value={input?.returnEvent} options={names} />
          <label>
            Period
            <select name="period" defaultValue={input?.period ?? "week"}>
              <option value="day">Day</option>
              <option value="week">Week (Monday)</option>
            </select>
          </label>
          <label>
            Periods
            <input type="number" name="periods" min={1} max={90} defaultValue={input?.periods ?? 8} />
          </label>
          {input ? <RangeAndBreakdown from={input.from} to={input.to} breakdown={input.breakdown} cohorts={cohorts} /> : null}
          <FormActions resetHref="/users/retention" />
        </div>
      </form>
      <ControlsProblem problem={problem} />
      {reply && input ? (
        <div className="grid section">
          <RetentionCurves reply={reply} periods={input.periods} labels={labels} />
          <section className="card" aria-label="Retention triangle">
            <h2>All users</h2>
            <RetentionTriangle reply={reply} periods={input.periods} />
          </section>
          {(reply.breakdown ?? []).map((b) => (
            <section key={b.key} className="card" aria-label={`Retention for ${labels[b.key] ?? b.key}`}>
              <h2>{labels[b.key] ?? b.key}</h2>
              <RetentionTriangle reply={{ period: reply.period, cohorts: b.cohorts }} periods={input.periods} />
            </section>
          ))}
        </div>
      ) : null}
    </>
  );
});
