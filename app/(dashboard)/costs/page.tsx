import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { MetricStat } from "@/components/ui/metric-stat";
import { CostByDayChart, LatencyByModelChart, TokensAndErrorsByDayChart } from "@/components/costs/cost-charts";
import { formatCost, formatCount, formatDuration, formatPercent as pct, formatTimestamp, formatTokens } from "@/components/format";
import { SamplingNote } from "@/components/traces/sampling-note";
import { getTraceSettings } from "@/lib/traces/store/trace-settings";
import { listCohorts } from "@/lib/cohorts/store/cohorts";
import { CohortSelect } from "@/components/cohorts/cohort-select";
import { CleanGetForm } from "@/components/ui/clean-get-form";
import { COST_RANGES, costBoard, costBoardQuerySchema, costByProject, costRangeBounds, partialDays, type CostRange } from "@/lib/traces/store/costs";

export const metadata: Metadata = { title: "LLM costs" };


export default dashboardPage("traces:read", async function CostsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }, { principal }) {
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const parsedRange = costBoardQuerySchema.shape.range.safeParse(one(sp.range));
  const parsedCohort = costBoardQuerySchema.shape.cohort.safeParse(one(sp.cohort));
  const range: CostRange = parsedRange.success ? parsedRange.data : "7d";
  const cohort = parsedCohort.success ? parsedCohort.data : undefined;
  const db = await getDb();
  const bounds = costRangeBounds(range);
  const window = `the ${COST_RANGES[range] * 24} hours up to now`;
  const [board, byProject, settings, cohorts] = await Promise.all([
    costBoard(db, principal.projectId, { ...bounds, cohort }),
    // Cohorts belong to one project, so the organization table is left unfiltered (and hidden under a cohort).
    cohort ? Promise.resolve([]) : costByProject(db, principal.orgId, bounds),
    getTraceSettings(db, principal.projectId),
    listCohorts(db, principal.projectId),
  ]);
  const cohortQuery = cohort ? `&cohort=${cohort}` : "";

  return (
    <>
      <PageHeader
        title="LLM costs"
        description="Cost, tokens, latency and errors of model calls (generations and embeddings), by model, day, user and project."
        actions={
          <nav className="range-tabs" aria-label="Time range">
            {(Object.keys(COST_RANGES) as CostRange[]).map((r) => (
              <Link key={r} href={`/costs?range=${r}${cohortQuery}`} className={r === range ? "btn btn-primary" : "btn"} aria-current={r === range ? "page" : undefined}>
                {r}
              </Link>
            ))}
          </nav>
        }
      />
      {parsedRange.success ? null : <div className="alert alert-error" role="alert">range: must be one of {Object.keys(COST_RANGES).join(", ")}; showing 7d.</div>}
      {parsedCohort.success ? null : <div className="alert alert-error" role="alert">cohort: must be a cohort id; showing every user.</div>}
      <CleanGetForm action="/costs" className="form-row" aria-label="Filter costs by cohort">
        <input type="hidden" name="range" value={range} />
        <CohortSelect cohorts={cohorts} value={cohort} />
        <button className="btn btn-primary" type="submit">Apply</button>
        {cohort ? <Link className="btn" href={`/costs?range=${range}`}>All users</Link> : null}
      </CleanGetForm>
      <SamplingNote sampleRate={settings.sampleRate} sampledCalls={board.totals.sampledCalls} view="totals" />
      <div className="grid grid-4" aria-label="Totals">
        <MetricStat metric="model_call_cost" value={formatCost(board.totals.cost)} window={window} />
        <MetricStat metric="model_call_tokens" value={formatTokens(board.totals.tokens)} window={window} />
        <MetricStat metric="model_calls" value={formatCount(board.totals.calls)} window={window} />
        <MetricStat metric="model_call_error_rate" value={board.totals.calls ? pct(board.totals.errors / board.totals.calls) : "—"} window={window} />
      </div>
      <div className="grid costs-charts section">
        <CostByDayChart data={board.byDay} partial={partialDays(bounds)} />
        <TokensAndErrorsByDayChart data={board.byDay} />
        <LatencyByModelChart data={board.byModel} />
      </div>

      <section className="card section" aria-labelledby="by-model-title">
        <h2 id="by-model-title">By model</h2>
        {board.byModel.length === 0 ? <p className="muted">No model calls in this range.</p> : (
          <div className="table-wrap">
            <table data-testid="cost-by-model">
              <thead><tr><th>Model</th><th>Calls</th><th>Input tokens</th><th>Output tokens</th><th>Cost</th><th>p50</th><th>p95</th><th>p99</th><th>Error rate</th></tr></thead>
              <tbody>
                {board.byModel.map((m) => (
                  <tr key={m.model}>
                    <td className="mono">{m.model}</td>
                    <td>{formatCount(m.calls)}</td>
                    <td>{formatTokens(m.inputTokens)}</td>
                    <td>{formatTokens(m.outputTokens)}</td>
                    <td>{formatCost(m.cost)}</td>
                    <td>{formatDuration(m.p50Ms)}</td>
                    <td>{formatDuration(m.p95Ms)}</td>
                    <td>{formatDuration(m.p99Ms)}</td>
                    <td>{pct(m.errorRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {byProject.length > 0 ? (
        <section className="card section" aria-labelledby="by-project-title">
          <h2 id="by-project-title">By project</h2>
          <p className="muted small">Every project of the organization; the rest of this page shows {principal.projectName}.</p>
          <div className="table-wrap">
            <table data-testid="cost-by-project">
              <thead><tr><th>Project</th><th>Calls</th><th>Tokens</th><th>Cost</th><th>p95</th><th>Error rate</th></tr></thead>
              <tbody>
                {byProject.map((p) => (
                  <tr key={p.projectId} aria-current={p.projectId === principal.projectId ? "true" : undefined}>
                    <td>{p.name}{p.projectId === principal.projectId ? <span className="muted small"> (current)</span> : null}</td>
                    <td>{formatCount(p.calls)}</td>
                    <td>{formatTokens(p.tokens)}</td>
                    <td>{formatCost(p.cost)}</td>
                    <td>{formatDuration(p.p95Ms)}</td>
                    <td>{p.calls ? pct(p.errorRate) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <div className="grid costs-tables section">
        <section className="card" aria-labelledby="top-users-title">
          <h2 id="top-users-title">Top users by cost</h2>
          {board.topUsers.length === 0 ? <p className="muted">No traces with a user id in this range.</p> : (
            <div className="table-wrap">
              <table>
                <thead><tr><th>User</th><th>Traces</th><th>Tokens</th><th>Cost</th></tr></thead>
                <tbody>
                  {board.topUsers.map((u) => (
                    <tr key={u.userId}>
                      <td><Link href={`/traces?userId=${encodeURIComponent(u.userId)}`}>{u.userId}</Link></td>
                      <td>{formatCount(u.traces)}</td>
                      <td>{formatTokens(u.tokens)}</td>
                      <td>{formatCost(u.cost)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="card" aria-labelledby="top-traces-title">
          <h2 id="top-traces-title">Most expensive traces</h2>
          {board.topTraces.length === 0 ? <p className="muted">No priced traces in this range.</p> : (
            <div className="table-wrap">
              <table>
                <thead><tr><th>Trace</th><th>Time</th><th>Tokens</th><th>Latency</th><th>Cost</th></tr></thead>
                <tbody>
                  {board.topTraces.map((tr) => (
                    <tr key={tr.id}>
                      <td><Link href={`/traces/${encodeURIComponent(tr.id)}`}>{tr.name ?? tr.id.slice(0, 12)}</Link></td>
                      <td className="small">{formatTimestamp(tr.timestamp)}</td>
                      <td>{formatTokens(tr.totalTokens)}</td>
                      <td>{formatDuration(tr.latencyMs)}</td>
                      <td>{formatCost(tr.totalCost)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </>
  );
});
