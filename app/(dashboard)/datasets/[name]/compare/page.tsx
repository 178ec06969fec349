import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { findDataset } from "@/lib/evaluation/store/datasets";
import { compareRuns } from "@/lib/evaluation/store/compare-runs";
import { asText } from "@/lib/evaluation/evaluators/deterministic";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { formatNumber, formatScore } from "@/components/format";

export const metadata: Metadata = { title: "Compare runs" };

type Props = { params: Promise<{ name: string }>; searchParams: Promise<{ run?: string | string[]; runs?: string }> };
const interval = (ci: [number, number] | null) => (ci ? `[${formatNumber(ci[0], 3)}, ${formatNumber(ci[1], 3)}]` : "—");

export default dashboardPage("evaluation:read", async function CompareRunsPage({ params, searchParams }: Props, { principal }) {
  const name = decodeURIComponent((await params).name);
  const q = await searchParams;
  const ids = [...new Set([...(Array.isArray(q.run) ? q.run : q.run ? [q.run] : []), ...(q.runs?.split(",") ?? [])].filter((id) => /^[0-9a-f-]{36}$/i.test(id)))];
  const db = await getDb();
  const dataset = await findDataset(db, principal.projectId, name);
  if (!dataset) notFound();
  const back = <Link href={`/datasets/${encodeURIComponent(name)}`}>{name}</Link>;
  if (ids.length < 2) {
    return (
      <>
        <PageHeader title="Compare runs" description={back} />
        <EmptyState title="Pick two or more runs"><p>Tick the runs to compare on the dataset page; the first is the baseline.</p></EmptyState>
      </>
    );
  }
  const cmp = await compareRuns(db, principal.projectId, dataset.id, ids).catch(() => null);
  if (!cmp) notFound();
  const runName = new Map(cmp.runs.map((r) => [r.id, r.name]));
  return (
    <>
      <PageHeader title="Compare runs" description={<>{back} · baseline {cmp.runs[0]!.name}</>} />
      <section className="card" aria-label="Aggregates">
        <h2>Mean score per evaluator (95% interval)</h2>
        <div className="table-wrap">
          <table>
            <thead><tr><th>Evaluator</th>{cmp.runs.map((r) => <th key={r.id}>{r.name}{r.promptVersion ? ` (v${r.promptVersion})` : ""}</th>)}</tr></thead>
            <tbody>
              {cmp.evaluators.map((e) => (
                <tr key={e}>
                  <td>{e}</td>
                  {cmp.runs.map((r) => {
                    const s = r.aggregates.scores[e];
                    return <td key={r.id}>{s?.mean === null || !s ? "—" : `${formatScore(s.mean)} ${interval(s.ci)} n=${s.n}`}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-label="Paired tests">
        <h2>Against the baseline (paired t-test over items both runs scored)</h2>
        <div className="table-wrap">
          <table>
            <thead><tr><th>Run</th><th>Evaluator</th><th>Items</th><th>Mean difference</th><th>95% interval</th><th>p-value</th><th>Verdict</th></tr></thead>
            <tbody>
              {cmp.comparisons.map((c) => (
                <tr key={`${c.runId}:${c.evaluator}`}>
                  <td>{runName.get(c.runId)}</td>
                  <td>{c.evaluator}</td>
                  <td>{c.paired.n}</td>
                  <td>{c.paired.meanDifference === null ? "—" : formatNumber(c.paired.meanDifference, 3)}</td>
                  <td>{interval(c.paired.ci)}</td>
                  <td>{c.paired.pValue === null ? "—" : formatNumber(c.paired.pValue, 4)}</td>
                  <td>
                    {c.paired.pValue === null ? <span className="muted">too few items</span> : c.paired.pValue < 0.05 ? (
                      <span className={`badge ${c.paired.meanDifference! > 0 ? "badge-ok" : "badge-danger"}`}>{c.paired.meanDifference! > 0 ? "better" : "worse"} (p &lt; 0.05)</span>
                    ) : <span className="muted">no significant difference</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-label="Per item">
        <h2>Per item</h2>
        <div className="table-wrap">
          <table>
            <thead><tr><th>Input</th><th>Expected</th>{cmp.runs.map((r) => <th key={r.id}>{r.name}</th>)}</tr></thead>
            <tbody>
              {cmp.items.map((i) => (
                <tr key={i.itemId}>
                  <td className="mono small">{asText(i.input).slice(0, 120)}</td>
                  <td className="mono small">{i.expectedOutput === null ? "—" : asText(i.expectedOutput).slice(0, 120)}</td>
                  {cmp.runs.map((r) => {
                    const cell = i.runs[r.id];
                    return (
                      <td key={r.id} className="small">
                        {!cell ? <span className="muted">not in run</span> : (
                          <>
                            <div className="mono">{cell.error ? `error: ${cell.error}` : asText(cell.output).slice(0, 160)}</div>
                            <div className="muted">{Object.entries(cell.scores).map(([k, v]) => `${k} ${v === null ? "—" : formatScore(v)}`).join(" · ")}</div>
                          </>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
});
