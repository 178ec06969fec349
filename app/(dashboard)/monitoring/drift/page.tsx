import type { Metadata } from "next";
import { requirePermission } from "@/app/_server/page-auth";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { AccessDenied } from "@/components/ui/access-denied";
import { EmptyState } from "@/components/ui/empty-state";
import { driftReport } from "@/lib/monitoring/store/drift-report";

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

export default async function DriftPage() {
  const access = await requirePermission("monitoring:read");
  if (!access.allowed) return <AccessDenied role={access.principal.role} permission={access.permission} />;
  const report = await driftReport(await getDb(), access.principal.projectId);
  const r = report.result;
  return (
    <>
      <PageHeader
        title="Drift"
        description={`LLM generations of the last 7 days (${report.current.records}) against the 7 days before (${report.baseline.records}); computed on request.`}
      />
      {!r ? (
        <EmptyState title="Not enough data for a drift report">
          <p>{report.reason} Send traces with generations (OTLP or the batch API) to compare prompt and response features.</p>
        </EmptyState>
      ) : (
        <div className="grid">
          <div className={`alert ${r.dataset.drifted ? "alert-error" : ""}`} role="status">
            {r.dataset.drifted ? "Dataset drift detected" : "No dataset-level drift"}: {r.dataset.driftedFeatures} of {r.dataset.features} features
            drifted (dataset threshold {(r.dataset.threshold * 100).toFixed(0)}% of features).
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
                    <td>{f.statistic.toFixed(4)}</td>
                    <td>{f.pValue === undefined ? "—" : f.pValue.toPrecision(3)}</td>
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
        </div>
      )}
    </>
  );
}
