import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import type { SearchParams } from "@/app/_server/search-params";
import { getDb } from "@/db/client";
import { lifecycle, stickiness } from "@/lib/user-insights/insights";
import { lifecyclePageState } from "@/lib/user-insights/page-params";
import { recentEventNames } from "@/lib/user-insights/store/event-names";
import { listCohorts } from "@/lib/cohorts/store/cohorts";
import { CohortSelect } from "@/components/cohorts/cohort-select";
import { PageHeader } from "@/components/ui/page-header";
import { ControlsProblem, FormActions } from "@/components/user-insights/insight-controls";
import { LifecycleChart, StickinessChart } from "@/components/user-insights/lifecycle-view";

export const metadata: Metadata = { title: "Lifecycle" };

export default dashboardPage("users:read", async function LifecyclePage({ searchParams }: { searchParams: Promise<SearchParams> }, { principal }) {
  const db = await getDb();
  const sp = await searchParams;
  const now = new Date();
  const [names, cohorts] = await Promise.all([recentEventNames(db, principal.projectId, now), listCohorts(db, principal.projectId)]);
  const { input, problem } = lifecyclePageState(sp, now);
  const [life, sticky] = input ? await Promise.all([lifecycle(db, principal.projectId, input.lifecycle), stickiness(db, principal.projectId, input.stickiness)]) : [null, null];
  return (
    <>
      <PageHeader
        title="Lifecycle"
        description="Per UTC period: new users (first activity ever), returning (active in the period before too), resurrecting (back after a gap) and dormant (active in the period before, not now); and how many days a week or month users are active."
      />
      <form method="get" action="/users/lifecycle" className="card" aria-label="Lifecycle query">
        <div className="form-row">
          <label>
            Active means
            <select name="event" defaultValue={input?.lifecycle.event ?? ""}>
              <option value="">any event or trace</option>
              {names.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <label>
            Lifecycle period
            <select name="period" defaultValue={input?.lifecycle.period ?? "week"}>
              <option value="day">Day</option>
              <option value="week">Week (Monday)</option>
            </select>
          </label>
          <label>
            Stickiness per
            <select name="per" defaultValue={input?.stickiness.period ?? "week"}>
              <option value="week">Week (days 1–7)</option>
              <option value="month">Month (days 1–31)</option>
            </select>
          </label>
          {input ? (
            <>
              <label>
                From (UTC)
                <input type="date" name="from" defaultValue={input.lifecycle.from.toISOString().slice(0, 10)} />
              </label>
              <label>
                To (UTC, exclusive)
                <input type="date" name="to" defaultValue={input.lifecycle.to.toISOString().slice(0, 10)} />
              </label>
            </>
          ) : null}
          <CohortSelect cohorts={cohorts} value={input?.lifecycle.cohort} />
          <FormActions resetHref="/users/lifecycle" />
        </div>
      </form>
      <ControlsProblem problem={problem} />
      {life && sticky ? (
        <div className="grid section">
          <LifecycleChart reply={life} />
          <StickinessChart reply={sticky} />
        </div>
      ) : null}
    </>
  );
});
