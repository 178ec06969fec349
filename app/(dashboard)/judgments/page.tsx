import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { parseListParams, type SearchParams } from "@/app/_server/search-params";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { JudgmentsFilters, JudgmentsTable } from "@/components/traces/judgments-table";
import { listScores, scoreListQuerySchema, scoreNames } from "@/lib/traces/store/list-scores";
import { InvalidCursorError } from "@/lib/pagination/cursor";
import { describeRange, parseTimeRange, RANGE_KEYS, rangeParams } from "@/lib/time-range/range";
import { pageParams, RangePicker, RangeProblem } from "@/components/time-range/range-picker";

export const metadata: Metadata = { title: "Judgments" };

export default dashboardPage("traces:read", async function JudgmentsPage({ searchParams }: { searchParams: Promise<SearchParams> }, { principal }) {
  const db = await getDb();
  const projectId = principal.projectId;
  const sp = await searchParams;
  // The window is the app's time range (lib/time-range), as on Traces; the list's own filters are parsed without its keys.
  const { range, problem: rangeProblem } = parseTimeRange(sp, new Date());
  const listParams = Object.fromEntries(Object.entries(sp).filter(([k]) => !(RANGE_KEYS as readonly string[]).includes(k)));
  const parsed = parseListParams(listParams, scoreListQuerySchema);
  const { problem } = parsed;
  const carried = rangeParams(range);
  const raw = { ...parsed.raw, ...Object.fromEntries(carried) };
  const query = { ...parsed.query, from: range.from, to: range.to };
  const names = await scoreNames(db, projectId);

  let page;
  let cursorProblem: string | null = null;
  try {
    page = await listScores(db, projectId, query);
  } catch (err) {
    if (!(err instanceof InvalidCursorError)) throw err;
    cursorProblem = err.message;
    page = await listScores(db, projectId, { ...query, cursor: undefined });
  }
  const next = page.nextCursor ? `/judgments?${new URLSearchParams({ ...raw, cursor: page.nextCursor }).toString()}` : null;
  const description = `Scores of traces and observations from LLM judges, analysts, code checks and the API. Open a row to read the judged trace · ${describeRange(range)}.`;

  if (names.length === 0) {
    return (
      <>
        <PageHeader title="Judgments" description={description} />
        <EmptyState title="No judgments yet">
          <p>
            Send <code>score-create</code> items to <code>POST /api/v1/ingest</code>, or add a score to a trace from its page in <Link href="/traces">Traces</Link>.
          </p>
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Judgments" description={description} actions={<RangePicker path="/judgments" params={pageParams(listParams)} range={range} />} />
      <RangeProblem problem={rangeProblem} />
      <JudgmentsFilters query={query} names={names} range={carried} />
      {problem || cursorProblem ? <div className="alert alert-error" role="alert">{problem ?? cursorProblem}</div> : null}
      <section className="card section" aria-label="Judgments">
        {page.items.length === 0 ? <p className="muted">No judgments match these filters, {describeRange(range)}.</p> : <JudgmentsTable items={page.items} />}
        <div className="form-row section">
          {raw.cursor ? <Link className="btn" href={`/judgments?${new URLSearchParams(Object.fromEntries(Object.entries(raw).filter(([k]) => k !== "cursor"))).toString()}`}>First page</Link> : null}
          {next ? <Link className="btn" href={next}>Next page</Link> : null}
        </div>
      </section>
    </>
  );
});
