import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { parseListParams, type SearchParams } from "@/app/_server/search-params";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { personasReport } from "@/lib/insights/personas/personas";
import { insightRangeQuerySchema, resolveRange } from "@/lib/insights/personas/range";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { PersonaHourChart } from "@/components/insights/persona-hour-chart";
import { PersonaTable } from "@/components/insights/persona-table";
import { formatCount, formatDay, toDateTimeInput } from "@/components/format";

export const metadata: Metadata = { title: "Persona effectiveness" };

export default dashboardPage("insights:read", async function PersonasPage({ searchParams }: { searchParams: Promise<SearchParams> }, { principal }) {
  const parsed = parseListParams(await searchParams, insightRangeQuerySchema);
  let problem = parsed.problem;
  let range: { from: Date; to: Date };
  try {
    range = resolveRange(parsed.query, new Date());
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    problem = e.message;
    range = resolveRange({}, new Date());
  }
  const r = await personasReport(await getDb(), principal.projectId, range);
  return (
    <>
      <PageHeader
        title="Persona effectiveness"
        description={`Per persona (trace metadata "${r.dimension}", else the trace name): when it is used, how satisfied users are, how their sentiment moves within a conversation, whether its main users come back, and what a conversation costs.`}
      />
      {problem && <div className="alert alert-error" role="alert">Ignored an invalid link: {problem}</div>}
      <form method="get" action="/insights/personas" className="card" aria-label="Range">
        <div className="form-row">
          <label>
            From (UTC)
            <input name="from" type="datetime-local" defaultValue={toDateTimeInput(r.from)} />
          </label>
          <label>
            To (UTC)
            <input name="to" type="datetime-local" defaultValue={toDateTimeInput(r.to)} />
          </label>
          <button type="submit" className="btn btn-primary">Apply</button>
        </div>
      </form>
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
            {formatCount(r.totalTraces)} traces from {formatDay(r.from)} to {formatDay(r.to)}
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
