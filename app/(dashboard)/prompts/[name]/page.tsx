import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { listPromptVersions } from "@/lib/evaluation/store/prompts";
import { findPrompt } from "@/lib/evaluation/store/prompt-lookup";
import { promptVersionMetrics } from "@/lib/evaluation/store/prompt-metrics";
import { promptHistory } from "@/lib/evaluation/store/prompt-history";
import { diffPromptVersions, promptText } from "@/lib/evaluation/prompt-diff";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { LabelMover } from "@/components/evaluation/label-mover";
import { NewPromptVersionForm } from "@/components/evaluation/new-prompt-version-form";
import { PromptDiffView } from "@/components/evaluation/prompt-diff-view";
import { formatCost, formatCount, formatDuration, formatNumber, formatPercent, formatScore, formatUtcMinute } from "@/components/format";

export const metadata: Metadata = { title: "Prompt" };

type Props = { params: Promise<{ name: string }>; searchParams: Promise<{ from?: string; to?: string }> };

export default dashboardPage("evaluation:read", async function PromptPage({ params, searchParams }: Props, { principal }) {
  const name = decodeURIComponent((await params).name);
  const db = await getDb();
  const prompt = await findPrompt(db, principal.projectId, name);
  if (!prompt) notFound();
  const [versions, metrics, history] = await Promise.all([
    listPromptVersions(db, principal.projectId, name),
    promptVersionMetrics(db, principal.projectId, name, new Date()),
    promptHistory(db, principal.projectId, prompt.id),
  ]);
  const canWrite = can(principal.role, "evaluation:write");
  const q = await searchParams;
  const to = versions.find((v) => v.version === Number(q.to)) ?? versions[0]!;
  const from = versions.find((v) => v.version === Number(q.from)) ?? versions.find((v) => v.version < to.version);
  const diff = from ? diffPromptVersions(from, to) : null;
  return (
    <>
      <PageHeader title={name} description={`${versions.length} version${versions.length === 1 ? "" : "s"}; SDKs read GET /api/v1/prompts/${name}?label=production`} />
      <section className="card" aria-label="Versions">
        <h2>Versions</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr><th>Version</th><th>Labels</th><th>Config</th><th>Variables</th><th>Created</th><th>Traces (30 d)</th><th>Avg latency</th><th>Avg cost</th><th>Errors</th><th>Sentiment</th><th>Scores</th></tr>
            </thead>
            <tbody>
              {versions.map((v) => {
                const m = metrics.find((x) => x.version === String(v.version));
                return (
                  <tr key={v.version}>
                    <td>v{v.version}{v.commitMessage ? <div className="small muted">{v.commitMessage}</div> : null}</td>
                    <td>{canWrite ? <LabelMover name={name} version={v.version} labels={v.labels} /> : v.labels.join(", ") || "—"}</td>
                    <td className="mono small">{Object.keys(v.config).length ? JSON.stringify(v.config) : "—"}</td>
                    <td className="small">{v.variables.join(", ") || "—"}</td>
                    <td className="small">{formatUtcMinute(v.createdAt)}<div className="muted">{v.createdBy ?? "unknown"}</div></td>
                    <td>{m ? formatCount(m.traces) : <span className="muted">no linked traces</span>}</td>
                    <td>{m ? formatDuration(m.avgLatencyMs) : "—"}</td>
                    <td>{m ? formatCost(m.avgCostUsd) : "—"}</td>
                    <td>{m ? formatPercent(m.errorRate) : "—"}</td>
                    <td className="small">{m && m.sentiment.n > 0 ? `${formatNumber(m.sentiment.mean, 2)} (${formatPercent(m.sentiment.negativeShare, 0)} negative, n=${formatCount(m.sentiment.n)})` : "—"}</td>
                    <td className="small">{m?.scores.length ? m.scores.map((s) => `${s.name} ${formatScore(s.mean)} (n=${formatCount(s.n)})`).join(" · ") : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="small muted">Traces link to a version through <code>prompt.name</code> and <code>prompt.version</code> in trace metadata or span attributes.</p>
      </section>
      <section className="card" aria-label="Diff">
        <h2>Diff {from ? `v${from.version} → v${to.version}` : ""}</h2>
        <form className="form-row" method="get">
          <label>From <select name="from" defaultValue={from?.version}>{versions.map((v) => <option key={v.version} value={v.version}>v{v.version}</option>)}</select></label>
          <label>To <select name="to" defaultValue={to.version}>{versions.map((v) => <option key={v.version} value={v.version}>v{v.version}</option>)}</select></label>
          <button className="btn">Compare</button>
        </form>
        {diff ? (
          <>
            <PromptDiffView parts={diff.prompt} label="Prompt diff" />
            <PromptDiffView parts={diff.config} label="Config diff" />
          </>
        ) : (
          <>
            <EmptyState title="Only one version">
              <p>Save a new version to see what changed.</p>
            </EmptyState>
            <pre className="diff">{promptText(to.prompt)}</pre>
          </>
        )}
      </section>
      {canWrite ? <NewPromptVersionForm name={name} initial={{ type: to.type, prompt: to.prompt, config: to.config }} /> : null}
      <section className="card" aria-label="History">
        <h2>History</h2>
        <ul>
          {history.map((h, i) => (
            <li key={i} className="small">
              {formatUtcMinute(h.at)} · {h.actor} · {h.action === "prompt.version_created" ? `created v${String(h.details.version)}` : `moved labels on v${String(h.details.version)}`}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
});
