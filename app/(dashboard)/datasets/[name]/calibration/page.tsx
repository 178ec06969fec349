import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { findDataset } from "@/lib/evaluation/store/datasets";
import { findRun } from "@/lib/evaluation/store/runs";
import { judgeCalibration } from "@/lib/evaluation/store/calibration";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { MetricStat } from "@/components/ui/metric-stat";
import { formatCount, formatNumber, formatPercent } from "@/components/format";

export const metadata: Metadata = { title: "Judge calibration" };

type Props = { params: Promise<{ name: string }>; searchParams: Promise<{ run?: string; evaluator?: string; humanScore?: string }> };

export default dashboardPage("evaluation:read", async function CalibrationPage({ params, searchParams }: Props, { principal }) {
  const name = decodeURIComponent((await params).name);
  const q = await searchParams;
  const db = await getDb();
  const dataset = await findDataset(db, principal.projectId, name);
  if (!dataset) notFound();
  const run = q.run && /^[0-9a-f-]{36}$/i.test(q.run) ? await findRun(db, principal.projectId, q.run) : null;
  const back = <Link href={`/datasets/${encodeURIComponent(name)}`}>{name}</Link>;
  if (!run || run.datasetId !== dataset.id || !q.evaluator || !q.humanScore) {
    return (
      <>
        <PageHeader title="Judge calibration" description={back} />
        <EmptyState title="Pick a run, an evaluator and a human score">
          <p>Use the calibration form on the dataset page. Items must come from traces that carry a human score of that name.</p>
        </EmptyState>
      </>
    );
  }
  const c = await judgeCalibration(db, principal.projectId, run.id, q.evaluator, q.humanScore);
  const runWindow = `the items of run ${run.name}, scores as stored now`;
  return (
    <>
      <PageHeader title={`Calibration of ${c.evaluator}`} description={<>{back} · run {run.name} · against human score “{c.humanScore}” · pass = score ≥ {c.threshold}</>} />
      {c.n === 0 ? (
        <EmptyState title="No item has both scores">
          <p>None of this run&apos;s {formatCount(c.itemsInRun)} items comes from a trace with a human “{c.humanScore}” score. Score the source traces in TraceView or the Judgments table first.</p>
        </EmptyState>
      ) : (
        <>
          <div className="grid grid-4">
            <MetricStat metric="calibration_items" window={runWindow} value={formatCount(c.n)} hint={`of ${formatCount(c.itemsInRun)} in the run`} />
            <MetricStat metric="calibration_agreement" window={runWindow} value={formatPercent(c.agreement)} hint={`pass: score ≥ ${formatNumber(c.threshold, 2)}`} />
            <MetricStat metric="calibration_kappa" window={runWindow} value={c.kappa === null ? "undefined" : formatNumber(c.kappa, 3)} hint="agreement beyond chance" />
            <MetricStat metric="calibration_mad" window={runWindow} value={formatNumber(c.meanAbsoluteDifference, 3)} />
            <MetricStat metric="calibration_fail_precision" window={runWindow} value={c.failPrecision === null ? "no judge fails" : formatPercent(c.failPrecision)} hint="of the items the judge failed, the share humans failed too" />
            <MetricStat metric="calibration_fail_recall" window={runWindow} value={c.failRecall === null ? "no human fails" : formatPercent(c.failRecall)} hint="of the items humans failed, the share the judge caught" />
          </div>
          <section className="card" aria-label="Confusion matrix">
            <h2>Confusion matrix</h2>
            <div className="table-wrap">
              <table>
                <thead><tr><th>Judge \ Human</th><th>pass</th><th>fail</th></tr></thead>
                <tbody>
                  <tr><th scope="row">pass</th><td>{formatCount(c.confusion.judgePassHumanPass)}</td><td>{formatCount(c.confusion.judgePassHumanFail)}</td></tr>
                  <tr><th scope="row">fail</th><td>{formatCount(c.confusion.judgeFailHumanPass)}</td><td>{formatCount(c.confusion.judgeFailHumanFail)}</td></tr>
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </>
  );
});
