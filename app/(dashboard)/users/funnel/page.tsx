import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import type { SearchParams } from "@/app/_server/search-params";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { listCohorts } from "@/lib/cohorts/store/cohorts";
import { funnel } from "@/lib/user-insights/insights";
import { funnelPageState } from "@/lib/user-insights/page-params";
import { recentEventNames } from "@/lib/user-insights/store/event-names";
import { MAX_FUNNEL_STEPS } from "@/lib/user-insights/inputs";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { toJson } from "@/components/ui/api";
import { ControlsProblem, EventSelect, FormActions, RangeAndBreakdown } from "@/components/user-insights/insight-controls";
import { FunnelChart, FunnelTable } from "@/components/user-insights/funnel-view";

export const metadata: Metadata = { title: "Funnel" };

const WINDOWS = [
  [3600, "1 hour"],
  [86_400, "1 day"],
  [7 * 86_400, "7 days"],
  [14 * 86_400, "14 days"],
  [30 * 86_400, "30 days"],
] as const;

export default dashboardPage("users:read", async function FunnelPage({ searchParams }: { searchParams: Promise<SearchParams> }, { principal }) {
  const db = await getDb();
  const sp = await searchParams;
  const now = new Date();
  const [names, cohorts] = await Promise.all([recentEventNames(db, principal.projectId, now), listCohorts(db, principal.projectId)]);
  const header = (
    <PageHeader
      title="Funnel"
      description="Users who did the steps in order (t1 ≤ t2 ≤ …) with the first step in the range and the last within the window of the first; each user counts once, at the furthest step any attempt reached."
    />
  );
  if (names.length === 0) {
    return (
      <>
        {header}
        <EmptyState title="No events yet">
          <p>Send product events (batch item <code>event</code>) with a <code>userId</code> to build a funnel.</p>
        </EmptyState>
      </>
    );
  }
  const { input, problem } = funnelPageState(sp, now);
  const chosen = input?.steps.map((s) => s.event) ?? names.slice(0, 3);
  const slots = Math.min(MAX_FUNNEL_STEPS, Math.max(chosen.length + 1, 3));
  const reply = input ? await funnel(db, principal.projectId, input) : null;
  const labels = Object.fromEntries(cohorts.map((c) => [c.id, c.name]));
  const query = input ? { steps: input.steps, windowSeconds: input.windowSeconds, from: input.from.toISOString(), to: input.to.toISOString() } : null;
  const canWrite = can(principal.role, "cohorts:write");
  const defaults = funnelPageState({ step: ["a", "b"] }, now).input!;
  return (
    <>
      {header}
      <form method="get" action="/users/funnel" className="card" aria-label="Funnel query">
        <div className="form-row">
          {Array.from({ length: slots }, (_, i) => (
            <EventSelect key={i} name="step" label={`Step ${i + 1}${i >= 2 ? " (optional)" : ""}`} value={chosen[i]} options={i >= 2 ? ["", ...names] : names} />
          ))}
          <label>
            Window
            <select name="window" defaultValue={String(input?.windowSeconds ?? 86_400)}>
              {WINDOWS.map(([s, l]) => (
                <option key={s} value={s}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <RangeAndBreakdown from={input?.from ?? defaults.from} to={input?.to ?? defaults.to} breakdown={input?.breakdown} cohorts={cohorts} />
          <FormActions resetHref="/users/funnel" />
        </div>
      </form>
      <ControlsProblem problem={problem} />
      {!input && !problem ? <p className="muted section">Pick two or more steps and apply.</p> : null}
      {reply ? (
        <div className="grid section">
          <FunnelChart steps={toJson(reply.steps)} />
          <section className="card" aria-label="Steps">
            <h2>All users</h2>
            <FunnelTable steps={toJson(reply.steps)} query={query} canWrite={canWrite} />
          </section>
          {(reply.breakdown ?? []).map((b) => (
            <section key={b.key} className="card" aria-label={`Funnel for ${labels[b.key] ?? b.key}`}>
              <h2>{labels[b.key] ?? b.key}</h2>
              <FunnelTable steps={toJson(b.steps)} query={null} canWrite={false} />
            </section>
          ))}
        </div>
      ) : null}
    </>
  );
});
