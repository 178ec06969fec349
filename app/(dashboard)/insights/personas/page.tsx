import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import type { SearchParams } from "@/app/_server/search-params";
import { getDb } from "@/db/client";
import { personasReport } from "@/lib/insights/personas/personas";
import { describeRange, parseTimeRange } from "@/lib/time-range/range";
import { pageParams, RangePicker, RangeProblem } from "@/components/time-range/range-picker";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { PersonaHourChart } from "@/components/insights/persona-hour-chart";
import { PersonaTable } from "@/components/insights/persona-table";
import { formatCount } from "@/components/format";

export const metadata: Metadata = { title: "Persona effectiveness" };

export default dashboardPage("insights:read", async function PersonasPage({ searchParams }: { searchParams: Promise<SearchParams> }, { principal }) {
  const sp = await searchParams;
  // The window is the dashboard's one time range, as on every other page.
  const { range, problem } = parseTimeRange(sp, new Date());
  const r = await personasReport(await getDb(), principal.projectId, { from: range.from, to: range.to });
  return (
    <>
      <PageHeader
        title="Persona effectiveness"
        description={`Per persona (trace metadata "${r.dimension}", else the trace name): when it is used, how satisfied users are, how their sentiment moves within a conversation, whether its main users come back, and what a conversation costs · ${describeRange(range)}.`}
        actions={<RangePicker path="/insights/personas" params={pageParams(sp)} range={range} />}
      />
      <RangeProblem problem={problem} />
      {r.totalTraces === 0 ? (
        <EmptyState title="No traces in this period">
          <p>
            Send traces with a <code>{r.dimension}</code> metadata key (the persona dimension, set on the Settings page under tracing) to compare personas; traces
            without it count under their name.
          </p>
        </EmptyState>
      ) : (
        <>
          <p className="muted section">
            {formatCount(r.totalTraces)} traces, {describeRange(range)}
            {r.omitted > 0 ? `; ${r.omitted} smaller personas not listed` : ""}.
          </p>
          {r.personas.some((p) => p.flags.length > 0) && (
            <section className="card section" aria-label="Flags">
              <h2>Flagged personas</h2>
              <ul>
                {r.personas.flatMap((p) =>
                  p.flags.map((f) => (
                    <li key={`${p.persona}-${f.kind}`}>
                      <strong>{p.persona}</strong> is {f.kind}: {f.message}
                      {f.hours.length > 0 ? ` Hours (UTC): ${f.hours.join(", ")}.` : ""}
                    </li>
                  )),
                )}
              </ul>
            </section>
          )}
          <PersonaHourChart personas={r.personas} />
          <PersonaTable personas={r.personas} />
        </>
      )}
    </>
  );
});
