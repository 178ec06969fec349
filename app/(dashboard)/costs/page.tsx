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
import { costBoardQuerySchema } from "@/lib/traces/store/costs";
import { costByProjectAcrossTiers, costReport } from "@/lib/traces/cost-report";
import { describeRange, describeWindow, parseTimeRange, partialDays, rangeParams, withRange } from "@/lib/time-range/range";
import { compareValues } from "@/lib/time-range/compare";
import { pageParams, RangePicker, RangeProblem } from "@/components/time-range/range-picker";
import { PeriodChange, type ChangeKind } from "@/components/time-range/period-change";

export const metadata: Metadata = { title: "LLM costs" };


export default dashboardPage("traces:read", async function CostsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }, { principal }) {
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const { range, problem: rangeProblem } = parseTimeRange(sp, new Date());
  const parsedCohort = costBoardQuerySchema.shape.cohort.safeParse(one(sp.cohort));
  const cohort = parsedCohort.success ? parsedCohort.data : undefined;
  const db = await getDb();
  const window = describeWindow(range);
  const [board, byProject, settings, cohorts] = await Promise.all([
    costReport(db, principal.projectId, { cohort }, range),
    // Cohorts belong to one project, so the organization table is left unfiltered (and hidden under a cohort).
    cohort ? Promise.resolve([]) : costByProjectAcrossTiers(db, principal.orgId, range),
    getTraceSettings(db, principal.projectId),
    listCohorts(db, principal.projectId),
  ]);
  const params = pageParams(sp);
  // Drill-downs show the window their numbers come from.
  const link = (href: string) => withRange(href, range);
  const prev = board.previous;
  const change = (current: number | null, previous: number | null, format: (v: number) => string, kind?: ChangeKind) =>
    prev ? <PeriodChange comparison={compareValues(current, previous, prev.coverage)} format={format} kind={kind} /> : undefined;
  const errorRate = (t: { calls: number; errors: number }) => (t.calls ? t.errors / t.calls : null);

  return (
    <>
      <PageHeader
        title="LLM costs"
        description={`Cost, tokens, latency and errors of model calls (generations and embeddings), by model, day, user and project · ${describeRange(range)}.`}
        actions={<RangePicker path="/costs" params={params} range={range} comparable />}
      />
      <RangeProblem problem={rangeProblem} />
      {parsedCohort.success ? null : <div className="alert alert-error" role="alert">cohort: must be a cohort id; showing every user.</div>}
      <CleanGetForm action="/costs" className="form-row" aria-label="Filter costs by cohort">
        {rangeParams(range).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
        <CohortSelect cohorts={cohorts} value={cohort} />
        <button className="btn btn-primary" type="submit">Apply</button>
        {cohort ? <Link className="btn" href={link("/costs")}>All users</Link> : null}
      </CleanGetForm>
      <SamplingNote sampleRate={settings.sampleRate} sampledCalls={board.totals.sampledCalls} view="totals" />
      <div className="grid grid-4" aria-label="Totals">
        <MetricStat metric="model_call_cost" value={formatCost(board.totals.cost)} window={window} compare={change(board.totals.cost, prev?.totals.cost ?? null, formatCost)} />
        <MetricStat metric="model_call_tokens" value={formatTokens(board.totals.tokens)} window={window} compare={change(board.totals.tokens, prev?.totals.tokens ?? null, formatTokens)} />
        <MetricStat metric="model_calls" value={formatCount(board.totals.calls)} window={window} compare={change(board.totals.calls, prev?.totals.calls ?? null, formatCount)} />
        <MetricStat metric="model_call_error_rate" value={board.totals.calls ? pct(board.totals.errors / board.totals.calls) : "—"} window={window} compare={prev ? change(errorRate(board.totals), errorRate(prev.totals), (v) => pct(v), "rate") : undefined} />
      </div>
      <div className="grid costs-charts section">
        <CostByDayChart data={board.byDay} partial={partialDays(range)} />
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
                    <td className="mono"><Link href={link(`/traces?model=${encodeURIComponent(m.model)}`)} aria-label={`Traces calling ${m.model}`}>{m.model}</Link></td>
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
                      <td><Link href={link(`/traces?userId=${encodeURIComponent(u.userId)}`)}>{u.userId}</Link></td>
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
