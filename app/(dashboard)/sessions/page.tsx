import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { formatCost, formatCount, formatDuration, formatMetricValue, formatTimestamp, formatTokens } from "@/components/format";
import { listSessions, sessionListQuerySchema } from "@/lib/traces/store/list-sessions";
import { listCohorts } from "@/lib/cohorts/store/cohorts";
import { CohortSelect } from "@/components/cohorts/cohort-select";
import { InvalidCursorError } from "@/lib/pagination/cursor";
import { CleanGetForm } from "@/components/ui/clean-get-form";
import { SavedViews } from "@/components/traces/saved-views";
import { describeRange, parseTimeRange, RANGE_KEYS, rangeParams, withRange } from "@/lib/time-range/range";
import { pageParams, RangePicker, RangeProblem } from "@/components/time-range/range-picker";

export const metadata: Metadata = { title: "Sessions" };

export default dashboardPage("traces:read", async function SessionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }, { principal }) {
  const sp = await searchParams;
  // The window is the app's time range (lib/time-range): sessions with traces in it, counted over those traces.
  const { range, problem: rangeProblem } = parseTimeRange(sp, new Date());
  const raw = Object.fromEntries(Object.entries(sp).filter(([k]) => !(RANGE_KEYS as readonly string[]).includes(k)).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = sessionListQuerySchema.safeParse(raw);
  const query = { ...(parsed.success ? parsed.data : sessionListQuerySchema.parse({})), from: range.from, to: range.to };
  const link = (href: string) => withRange(href, range);
  const db = await getDb();
  let page;
  let problem = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  try {
    page = await listSessions(db, principal.projectId, query);
  } catch (err) {
    if (!(err instanceof InvalidCursorError)) throw err;
    problem = err.message;
    page = await listSessions(db, principal.projectId, { ...query, cursor: undefined });
  }
  const base = [query.userId ? `userId=${encodeURIComponent(query.userId)}&` : "", query.cohort ? `cohort=${query.cohort}&` : "", ...rangeParams(range).map(([k, v]) => `${k}=${encodeURIComponent(v)}&`)].join("");
  const cohorts = await listCohorts(db, principal.projectId);
  return (
    <>
      <PageHeader
        title="Sessions"
        description={`Trace sessions: traces grouped by session id (prism.session.id or session.id), most recent activity first, counted over their traces ${describeRange(range)}. Not the product sessions on Overview, which count session_started events.`}
        actions={<RangePicker path="/sessions" params={pageParams(sp)} range={range} />}
      />
      <RangeProblem problem={rangeProblem} />
      {problem ? (
        <div className="alert alert-error" role="alert">
          Some parameters were ignored: {problem}
        </div>
      ) : null}
      <CleanGetForm action="/sessions" className="form-row" aria-label="Filter sessions">
        <label>
          User id
          <input name="userId" defaultValue={query.userId ?? ""} />
        </label>
        <CohortSelect cohorts={cohorts} value={query.cohort} />
        {rangeParams(range).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <button className="btn btn-primary" type="submit">
          Apply
        </button>
        <Link className="btn" href={link("/sessions")}>
          Reset
        </Link>
      </CleanGetForm>
      <div className="list-toolbar list-toolbar-end">
        <SavedViews page="sessions" params={base.replace(/&$/, "")} />
      </div>
      {page.items.length === 0 ? (
        <div className="section">
          <EmptyState title={query.userId ? `No sessions for this user, ${describeRange(range)}` : `No sessions, ${describeRange(range)}`}>
            <p>Sessions appear when traces carry a session id (the span attribute prism.session.id or session.id, or sessionId in the batch API).</p>
          </EmptyState>
        </div>
      ) : (
        <section className="card table-wrap section" aria-label="Sessions">
          <table>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">User</th>
                <th scope="col" className="num">Traces</th>
                <th scope="col">Last activity</th>
                <th scope="col" className="num">Span of time</th>
                <th scope="col" className="num">Tokens</th>
                <th scope="col" className="num">Cost</th>
                <th scope="col" className="num">Traces with errors</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((s) => (
                <tr key={s.sessionId}>
                  <td>
                    <Link href={link(`/sessions/${encodeURIComponent(s.sessionId)}`)}>{s.sessionId}</Link>
                  </td>
                  <td>{s.userId ? <Link href={link(`/users/${encodeURIComponent(s.userId)}`)}>{s.userId}</Link> : <span className="muted">—</span>}</td>
                  <td className="num">
                    <Link href={link(`/traces?sessionId=${encodeURIComponent(s.sessionId)}`)} aria-label={`${formatMetricValue(s.traceCount, "traces")} of session ${s.sessionId}`}>
                      {formatCount(s.traceCount)}
                    </Link>
                  </td>
                  <td className="mono-nowrap">{formatTimestamp(s.lastAt)}</td>
                  <td className="num">{formatDuration(s.spanMs)}</td>
                  <td className="num">{formatTokens(s.totalTokens)}</td>
                  <td className="num">{formatCost(s.totalCost)}</td>
                  <td className="num">{s.errorTraces > 0 ? <span className="badge badge-danger">{s.errorTraces}</span> : 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <nav className="form-row section" aria-label="Pages">
        {query.cursor ? (
          <Link className="btn" href={`/sessions?${base}`}>
            First page
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link className="btn" rel="next" href={`/sessions?${base}cursor=${page.nextCursor}`}>
            Next page →
          </Link>
        ) : null}
      </nav>
    </>
  );
});
