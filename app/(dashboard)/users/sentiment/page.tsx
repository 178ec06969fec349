import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { parseListParams, type SearchParams } from "@/app/_server/search-params";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { CoOccurrenceCard } from "@/components/sentiment/co-occurrence-card";
import { RatingScatter } from "@/components/sentiment/rating-scatter";
import { SentimentTrendChart } from "@/components/sentiment/sentiment-trend-chart";
import { formatCount, formatNumber } from "@/components/format";
import { CleanGetForm } from "@/components/ui/clean-get-form";
import { pageParams, RangePicker, RangeProblem } from "@/components/time-range/range-picker";
import { describeRange, parseTimeRange, rangeParams, withRange } from "@/lib/time-range/range";
import { SENTIMENT_GROUPS, sentimentDashboard, sentimentDashboardQuerySchema, type SentimentGroup } from "@/lib/sentiment/store/dashboard";

export const metadata: Metadata = { title: "Sentiment" };

const GROUP_LABELS: Record<SentimentGroup, string> = { model: "model", promptVersion: "prompt version", name: "trace name" };

const pageParamsObject = (sp: SearchParams) => Object.fromEntries(pageParams(sp));

export default dashboardPage("users:read", async function SentimentPage({ searchParams }: { searchParams: Promise<SearchParams> }, { principal }) {
  const sp = await searchParams;
  // The window is the dashboard's one time range (its own message on a bad range); the other filters are this page's.
  const { range, problem: rangeProblem } = parseTimeRange(sp, new Date());
  const pairs = rangeParams(range);
  const { query, problem } = parseListParams({ ...pageParamsObject(sp), ...Object.fromEntries(pairs) }, sentimentDashboardQuerySchema);
  const d = await sentimentDashboard(await getDb(), principal.projectId, query);
  const c = d.correlation;
  return (
    <>
      <PageHeader
        title="Sentiment"
        description={`How end users feel in their own words (user messages of each trace and feedback comments), analysed within a minute of ingest · ${describeRange(range)}.`}
        actions={<RangePicker path="/users/sentiment" params={pageParams(sp)} range={range} />}
      />
      <RangeProblem problem={rangeProblem} />
      {problem && <div className="alert alert-error" role="alert">Ignored an invalid link: {problem}</div>}
      <CleanGetForm action="/users/sentiment" className="card" aria-label="Sentiment filters">
        {pairs.map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
        <div className="form-row">
          <label>
            Group by
            <select name="groupBy" defaultValue={query.groupBy}>
              {SENTIMENT_GROUPS.map((g) => (
                <option key={g} value={g}>
                  {GROUP_LABELS[g]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Rating score
            <input name="rating" defaultValue={query.rating} />
          </label>
          <label>
            Low rating at most
            <input name="lowRating" type="number" step="any" defaultValue={query.lowRating} />
          </label>
          <button type="submit" className="btn btn-primary">Apply</button>
        </div>
      </CleanGetForm>
      {d.analysed === 0 ? (
        <EmptyState title="No analysed traces in this period">
          <p>
            Traces whose input carries user messages (chat messages, a plain string, GenAI or OpenInference conventions) or whose scores
            carry a comment are analysed by the <code>sentiment-analysis</code> job within a minute of ingest.
          </p>
        </EmptyState>
      ) : (
        <>
          <p className="muted section">
            {formatCount(d.analysed)} analysed traces, {describeRange(range)}.{" "}
            {/* The drill-downs carry this page's range, so they list the traces counted here. */}
            <Link href={withRange("/traces?sentiment=negative", range)}>Negative traces</Link> ·{" "}
            <Link href={withRange("/traces?sentiment=positive", range)}>Positive traces</Link>
          </p>
          <SentimentTrendChart trend={d.trend} groups={d.groups} groupLabel={GROUP_LABELS[d.groupBy]} />
          <div className="grid grid-2 section">
            <CoOccurrenceCard title="Frustration and tool errors" condition="a failed tool call" data={d.toolErrors} />
            <CoOccurrenceCard title={`Frustration and low ratings (${d.correlation.rating} ≤ ${d.lowRatings.threshold})`} condition="a low rating" data={d.lowRatings} />
          </div>
          <section className="card section">
            <h2>Conversation sentiment and user ratings</h2>
            {c.rho === null ? (
              <p className="muted">
                Needs at least 4 conversations with a <code>{c.rating}</code> score and analysed text that vary on both sides ({formatCount(c.n)} so far).
              </p>
            ) : (
              <>
                <p>
                  Spearman rank correlation <strong>{formatNumber(c.rho, 2)}</strong> ({Math.round(c.level * 100)}% CI {formatNumber(c.ci![0], 2)} to{" "}
                  {formatNumber(c.ci![1], 2)}, Fisher z) over {formatCount(c.n)} conversations (sessions; a trace without a session is its own).
                </p>
                <RatingScatter points={c.points} rating={c.rating} />
              </>
            )}
          </section>
        </>
      )}
    </>
  );
});
