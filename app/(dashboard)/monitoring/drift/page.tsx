import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount, formatDay, formatPercent, formatUtcMinute } from "@/components/format";
import Link from "next/link";
import { driftReport, type DriftReport } from "@/lib/monitoring/store/drift-report";
import { driftReportHref, driftRunDays, storedDriftRun } from "@/lib/monitoring/store/drift-runs";

export const metadata: Metadata = { title: "Drift" };
export const dynamic = "force-dynamic";

const testLabel: Record<string, string> = {
  ks: "Kolmogorov–Smirnov",
  wasserstein: "Wasserstein (normalised)",
  chisquare: "Chi-square",
  jensenshannon: "Jensen–Shannon",
  psi: "PSI",
  domain_classifier: "Domain classifier AUC",
};
const featureLabel: Record<string, string> = {
  promptLength: "Prompt length (chars)",
  responseLength: "Response length (chars)",
  inputTokens: "Input tokens",
  outputTokens: "Output tokens",
  model: "Model",
  toolUsage: "Tool usage",
};

export default dashboardPage("monitoring:read", async function DriftPage({ searchParams }: { searchParams: Promise<{ day?: string; live?: string }> }, { principal }) {
  const db = await getDb();
  const { day, live } = await searchParams;
  const runs = await driftRunDays(db, principal.projectId);
  // Stored results by default (the latest daily run, or the day asked for), so this page agrees with the run list, the
  // feed and alerts; "live" recomputes the last 7 days now, labelled as such and never stored.
  const wanted = live ? null : day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00Z`) : (runs[0]?.day ?? null);
  const stored = wanted && !Number.isNaN(wanted.getTime()) ? await storedDriftRun(db, principal.projectId, wanted) : null;
  const shownDay = stored && wanted ? formatDay(wanted) : null;
  const report: DriftReport = stored ?? (await driftReport(db, principal.projectId));
  const r = report.result;
  const span = `${formatDay(report.current.from)} – ${formatDay(report.current.to)}`;
  return (
    <>
      <PageHeader
        title="Drift"
        description={
          stored
            ? `Daily drift run of ${shownDay}: LLM generations of ${span} (${formatCount(report.current.records)}) against the 7 days before (${formatCount(report.baseline.records)}); computed ${formatUtcMinute(stored.computedAt)}.`
            : `Live recompute: LLM generations of the last 7 days (${formatCount(report.current.records)}) against the 7 days before (${formatCount(report.baseline.records)}), computed now and not stored, so it may differ from the daily runs.`
        }
        actions={
          stored ? (
            <Link className="btn" href="/monitoring/drift?live=1">
              Recompute now (live)
            </Link>
          ) : runs.length > 0 ? (
            <Link className="btn" href="/monitoring/drift">
              Latest stored run
            </Link>
          ) : undefined
        }
      />
      {day && !live && !stored && (
        <div className="alert" role="status">
          No stored drift run for {day}; showing a live recompute of the last 7 days.
        </div>
      )}
      <section className="card" aria-label="Daily drift runs">
        <h2>Daily drift runs</h2>
        {runs.length === 0 ? (
          <p className="muted">No daily drift runs stored yet. The monitoring-drift job runs at 00:40 UTC.</p>
        ) : (
          <ul style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem 1.25rem", listStyle: "none", padding: 0, margin: 0 }}>
            {runs.map((run) => {
              const d = formatDay(run.day);
              return (
                <li key={d}>
                  <Link href={driftReportHref(run.day)} aria-current={d === shownDay ? "page" : undefined}>
                    {d}
                  </Link>{" "}
                  <span className="muted small">
                    {run.drifted === null ? "not enough data" : run.driftedFeatures.length > 0 ? `${run.driftedFeatures.length} drifted` : "no drift"}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {!r ? (
        <EmptyState title="Not enough data for a drift report">
          <p>{report.reason} Send traces with generations (OTLP or the batch API) to compare prompt and response features.</p>
        </EmptyState>
      ) : (
        <div className="grid">
          <div className={`alert ${r.dataset.drifted ? "alert-error" : ""}`} role="status">
            {r.dataset.drifted ? "Dataset drift detected" : "No dataset-level drift"}: {r.dataset.driftedFeatures} of {r.dataset.features} features
            drifted (dataset threshold {formatPercent(r.dataset.threshold, 0)} of features).
          </div>
          <section className="card table-wrap" aria-label="Drift per feature">
            <h2>Features</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Feature</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Test</th>
                  <th scope="col">Statistic</th>
                  <th scope="col">p-value</th>
                  <th scope="col">Threshold</th>
                  <th scope="col">Samples (baseline / current)</th>
                  <th scope="col">Drifted</th>
                </tr>
              </thead>
              <tbody>
                {r.features.map((f) => (
                  <tr key={f.name}>
                    <td>{featureLabel[f.name] ?? (f.kind === "embedding" ? "Prompt embeddings (hashed n-grams)" : f.name)}</td>
                    <td>{f.kind}</td>
                    <td>{testLabel[f.test] ?? f.test}</td>
                    <td>{typeof f.statistic === "number" && Number.isFinite(f.statistic) ? f.statistic.toFixed(4) : f.pValue === 0 ? "∞" : "—"}</td>
                    <td>{typeof f.pValue === "number" ? f.pValue.toPrecision(3) : "—"}</td>
                    <td>{f.threshold}</td>
                    <td>
                      {f.sizes.reference} / {f.sizes.current}
                    </td>
                    <td className={f.drifted ? "drifted" : undefined}>{f.drifted ? "yes" : "no"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card" aria-label="Drifted prompt clusters">
            <h2>Drifted prompt clusters</h2>
            <p className="muted small">
              Both windows&apos; prompts clustered together on their embeddings (k-means, then joined into a tree by average linkage); a
              cluster of the tree is listed when its share of current prompts grew by at least 5 points over the baseline and a permutation
              test over every cluster of the tree gives p &lt; 0.01. Examples are stored prompts, masked at ingest.
            </p>
            {report.clusters === undefined ? (
              <p className="muted">This run predates cluster analysis.</p>
            ) : report.clusters.length === 0 ? (
              <p className="muted">No prompt cluster is over-represented in the current window.</p>
            ) : (
              <ol className="drift-clusters">
                {report.clusters.map((c) => (
                  <li key={c.cluster}>
                    <strong>
                      {formatPercent(c.currentShare)} of current prompts vs {formatPercent(c.referenceShare)} of baseline
                    </strong>{" "}
                    <span className="muted small">
                      ({c.currentCount} / {c.referenceCount} prompts, p = {c.pValue.toPrecision(2)})
                      {c.terms.length > 0 && <> · distinctive words: {c.terms.join(", ")}</>}
                    </span>
                    <ul className="small">
                      {c.examples.map((e, i) => (
                        <li key={i}>
                          <q>{e}</q>
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      )}
    </>
  );
});
