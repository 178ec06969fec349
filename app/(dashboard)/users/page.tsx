import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { parseListParams, type SearchParams } from "@/app/_server/search-params";
import { getDb } from "@/db/client";
import { planBreakdown } from "@/lib/overview/store/plan-breakdown";
import { InvalidCursorError } from "@/lib/pagination/cursor";
import { listUsers, userListQuerySchema } from "@/lib/users/store/list-users";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { UsersFilters } from "@/components/users/users-filters";
import { UsersTable } from "@/components/users/users-table";
import { describeRange, parseTimeRange, RANGE_KEYS, rangeParams, withRange } from "@/lib/time-range/range";
import { pageParams, RangePicker, RangeProblem } from "@/components/time-range/range-picker";
import { formatCount, formatPercent } from "@/components/format";

export const metadata: Metadata = { title: "Users" };

export default dashboardPage("users:read", async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }, { principal }) {
  const db = await getDb();
  const sp = await searchParams;
  // The list shows the users seen in the app's time range (lib/time-range); its own filters are parsed without its keys.
  const { range, problem: rangeProblem } = parseTimeRange(sp, new Date());
  const period = describeRange(range);
  const plans = await planBreakdown(db, principal.projectId, range);
  const total = plans.reduce((n, p) => n + p.users, 0);
  if (total === 0) {
    return (
      <>
        <PageHeader title="Users" description="End users of your product, as your product identifies them." />
        <EmptyState title="No end users yet">
          <p>
            End users appear as your product sends events, traces, sessions or exposures with a <code>userId</code>, and their traits
            through the batch API&apos;s <code>identify</code> item.
          </p>
        </EmptyState>
      </>
    );
  }
  // The list page offers only what exists on this build (no cohort filter in the form).
  const listParams = Object.fromEntries(Object.entries(sp).filter(([k]) => !(RANGE_KEYS as readonly string[]).includes(k)));
  const { raw: ownRaw, query, problem } = parseListParams(listParams, userListQuerySchema);
  const carried = rangeParams(range);
  const raw = { ...ownRaw, ...Object.fromEntries(carried) };
  const safeQuery = { ...query, cohort: undefined };
  let page;
  let cursorProblem: string | null = null;
  try {
    page = await listUsers(db, principal.projectId, safeQuery, range);
  } catch (err) {
    if (!(err instanceof InvalidCursorError)) throw err;
    cursorProblem = err.message;
    page = await listUsers(db, principal.projectId, { ...safeQuery, cursor: undefined }, range);
  }
  const params = new URLSearchParams(Object.entries(raw).filter(([k, v]) => k !== "cursor" && v !== ""));
  return (
    <>
      <PageHeader
        title="Users"
        description={`End users of your product, as your product identifies them · the list: users seen ${period}.`}
        actions={<RangePicker path="/users" params={pageParams(listParams)} range={range} />}
      />
      <RangeProblem problem={rangeProblem} />
      <section className="card table-wrap">
        <h2>End users by plan</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Plan</th>
              <th scope="col" className="num">Users</th>
              <th scope="col" className="num">Share</th>
              <th scope="col" className="num">Signed up, {period}</th>
            </tr>
          </thead>
          <tbody>
            {plans.map((p) => (
              <tr key={p.plan ?? "(unknown)"}>
                <td>{p.plan ?? <span className="muted">unknown</span>}</td>
                <td className="num">{formatCount(p.users)}</td>
                <td className="num">{formatPercent(p.users / total)}</td>
                <td className="num">{formatCount(p.signedUpInRange)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {problem || cursorProblem ? (
        <div className="alert alert-error section" role="alert">
          Some parameters were ignored: {problem ?? cursorProblem}
        </div>
      ) : null}
      <UsersFilters query={safeQuery} range={carried} />
      {page.items.length === 0 ? (
        <div className="section">
          <EmptyState title={`No users seen ${period} match`}>
            <p>
              {query.sort === "churnRisk" || query.risk ? (
                <>
                  Churn risk lists only the users the latest <Link href="/users/churn">churn model</Link> scored (active in the last 28 days);
                  before its first training there are none.{" "}
                </>
              ) : null}
              <Link href={withRange("/users", range)}>Reset the search</Link>.
            </p>
          </EmptyState>
        </div>
      ) : (
        <UsersTable items={page.items} range={carried} />
      )}
      <nav className="form-row section" aria-label="Pages">
        {query.cursor ? (
          <Link className="btn" href={`/users?${params.toString()}`}>
            First page
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link className="btn" href={`/users?${new URLSearchParams([...params, ["cursor", page.nextCursor]]).toString()}`} rel="next">
            Next page →
          </Link>
        ) : (
          <span className="muted small">End of the list.</span>
        )}
      </nav>
      <p className="muted section">
        Cohorts, sentiment and churn have their own pages: <Link href="/users/cohorts">Cohorts</Link> ·{" "}
        <Link href={withRange("/users/sentiment", range)}>Sentiment</Link> · <Link href="/users/churn">Churn model</Link>.
      </p>
    </>
  );
});
