import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { parseListParams, type SearchParams } from "@/app/_server/search-params";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { TracesFilters } from "@/components/traces/traces-filters";
import { TracesTable } from "@/components/traces/traces-table";
import { FiltersDisclosure } from "@/components/ui/filters-disclosure";
import { countTraces, listTraces, TRACE_FILTER_KEYS, traceFilterOptions, traceListQuerySchema, TRACE_COUNT_CAP, type TraceListQuery } from "@/lib/traces/store/list-traces";
import { formatCount, formatMetricValue } from "@/components/format";
import { InvalidCursorError } from "@/lib/pagination/cursor";
import { hasAnyTrace } from "@/lib/traces/store/has-any-trace";
import { getTraceSettings } from "@/lib/traces/store/trace-settings";
import { SamplingNote } from "@/components/traces/sampling-note";
import { listCohorts } from "@/lib/cohorts/store/cohorts";
import { can } from "@/lib/auth/permissions";
import { listDatasets } from "@/lib/evaluation/store/datasets";
import { AddTracesToDataset } from "@/components/evaluation/add-to-dataset";
import { ColumnChooser } from "@/components/traces/column-chooser";
import { SavedViews } from "@/components/traces/saved-views";
import { hiddenColumns } from "@/lib/traces/list-columns";
import { describeRange, parseTimeRange, RANGE_KEYS, rangeParams, withRange } from "@/lib/time-range/range";
import { pageParams, RangePicker, RangeProblem } from "@/components/time-range/range-picker";

export const metadata: Metadata = { title: "Traces" };

/** The list's filters (and order) as the bulk "add to dataset" body takes them: no cursor, no page size, no blanks. */
function bulkFilters(query: TraceListQuery): Record<string, string | number> {
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  return Object.fromEntries(
    Object.entries(filters).flatMap(([k, v]) => (v === undefined || v === "" ? [] : [[k, v instanceof Date ? v.toISOString() : v]])),
  );
}

export default dashboardPage("traces:read", async function TracesPage({ searchParams }: { searchParams: Promise<SearchParams> }, { principal }) {
  const db = await getDb();
  const projectId = principal.projectId;
  const sp = await searchParams;
  // The window is the app's time range (lib/time-range); the list's own filters are parsed without its keys.
  const { range, problem: rangeProblem } = parseTimeRange(sp, new Date());
  const listParams = Object.fromEntries(Object.entries(sp).filter(([k]) => !(RANGE_KEYS as readonly string[]).includes(k)));
  const parsedList = parseListParams(listParams, traceListQuerySchema);
  const { raw, problem } = parsedList;
  // [from, to), as the list takes it.
  const query = { ...parsedList.query, from: range.from, to: range.to };
  const carried = rangeParams(range);

  if (!(await hasAnyTrace(db, projectId))) {
    return (
      <>
        <PageHeader title="Traces" description="Hierarchical traces of LLM calls, tools and retrievals." />
        <EmptyState title="No traces yet">
          <p>
            Send OpenTelemetry spans to <code>/api/public/otel/v1/traces</code> (OTLP/HTTP, protobuf or JSON) with a project API key,
            or use the batch API&apos;s <code>trace-create</code> and <code>observation-create</code> items.
          </p>
        </EmptyState>
      </>
    );
  }

  let page;
  let cursorProblem: string | null = null;
  try {
    page = await listTraces(db, projectId, query);
  } catch (err) {
    if (!(err instanceof InvalidCursorError)) throw err;
    cursorProblem = err.message;
    page = await listTraces(db, projectId, { ...query, cursor: undefined });
  }
  const [options, settings, cohorts, total] = await Promise.all([
    traceFilterOptions(db, projectId),
    getTraceSettings(db, projectId),
    listCohorts(db, projectId),
    countTraces(db, projectId, query),
  ]);
  const params = new URLSearchParams([...Object.entries(raw).filter(([k, v]) => k !== "cursor" && v !== ""), ...carried]);
  const canCurate = can(principal.role, "evaluation:write") && page.items.length > 0;
  const datasetNames = canCurate ? (await listDatasets(db, projectId)).map((d) => d.name) : [];

  return (
    <>
      <PageHeader
        title="Traces"
        description="Hierarchical traces of LLM calls, tools and retrievals, newest first."
        actions={
          <>
            <RangePicker path="/traces" params={pageParams(listParams)} range={range} />
            {canCurate ? <AddTracesToDataset filters={bulkFilters(query)} matching={total.capped ? TRACE_COUNT_CAP + 1 : total.count} datasets={datasetNames} /> : null}
          </>
        }
      />
      <RangeProblem problem={rangeProblem} />
      {problem || cursorProblem ? (
        <div className="alert alert-error" role="alert">
          Some filters were ignored: {problem ?? cursorProblem}
        </div>
      ) : null}
      <SamplingNote sampleRate={settings.sampleRate} view="list" />
      <FiltersDisclosure active={TRACE_FILTER_KEYS.filter((k) => query[k] !== undefined).length}>
        <TracesFilters query={query} environments={options.environments} models={options.models} cohorts={cohorts} range={carried} />
      </FiltersDisclosure>
      <div className="list-toolbar">
        <p className="list-total">
          <strong>{total.capped ? `More than ${formatCount(TRACE_COUNT_CAP)} traces` : formatMetricValue(total.count, "traces")}</strong>
          <span className="muted"> match{total.count === 1 && !total.capped ? "es" : ""} these filters, {describeRange(range)}</span>
        </p>
        <ColumnChooser params={params.toString()} />
        <SavedViews page="traces" params={params.toString()} />
      </div>
      {page.items.length === 0 ? (
        <div className="section">
          <EmptyState title="No traces match these filters">
            <p>
              Widen the time range or <Link href={withRange("/traces", range)}>reset the filters</Link>.
            </p>
          </EmptyState>
        </div>
      ) : (
        <TracesTable items={page.items} query={query} params={params.toString()} hidden={hiddenColumns(raw.hide)} />
      )}
      <nav className="form-row section" aria-label="Pages">
        {query.cursor ? (
          <Link className="btn" href={`/traces?${params.toString()}`}>
            First page
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link className="btn" href={`/traces?${new URLSearchParams([...params, ["cursor", page.nextCursor]]).toString()}`} rel="next">
            Next page →
          </Link>
        ) : (
          <span className="muted small">End of the list.</span>
        )}
      </nav>
    </>
  );
});
