import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { listRules, ruleView } from "@/lib/evaluation/store/evaluation-rules";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { NewRuleForm, RuleActions } from "@/components/review/rule-forms";
import { formatCost, formatCount, formatPercent, formatUtcMinute } from "@/components/format";

export const metadata: Metadata = { title: "Evaluation rules" };

function filterText(filter: Record<string, unknown>): string {
  const parts = Object.entries(filter).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(", ") : String(v)}`);
  return parts.length ? parts.join(" · ") : "every trace";
}

export default dashboardPage("evaluation:read", async function EvaluationRulesPage(_props: object, { principal }) {
  const rules = (await listRules(await getDb(), principal.projectId)).map(ruleView);
  const canWrite = can(principal.role, "evaluation:write");
  return (
    <>
      <PageHeader
        title="Evaluation rules"
        description={<>Each minute, every enabled rule scores a sample of the new traces matching its filter. Scores are stored with source “eval” and appear in <Link href="/judgments?source=eval">Judgments</Link> and as monitoring metrics (<code>eval:</code> + the score name).</>}
      />
      {rules.length === 0 ? (
        <EmptyState title="No evaluation rules yet">
          <p>Create one below, or with <code>POST /api/v1/evaluation/rules</code>. A rule scores traces that arrive after it is created.</p>
        </EmptyState>
      ) : (
        <section className="card" aria-label="Rules">
          <div className="table-wrap">
            <table>
              <thead>
                <tr><th>Rule</th><th>Evaluator → score</th><th>Filter</th><th>Sample</th><th>Caps</th><th>Last run</th><th>Scored</th><th>Day of last run</th>{canWrite ? <th><span className="sr-only">Actions</span></th> : null}</tr>
              </thead>
              <tbody>
                {rules.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {r.name} {r.enabled ? <span className="badge badge-ok">enabled</span> : <span className="badge">disabled</span>}
                      {r.status ? <div className="small alert alert-error" role="status">{r.status}</div> : null}
                    </td>
                    <td className="small"><span className="mono">{String((r.evaluator as { type: string }).type)}</span> → <span className="mono">{r.scoreName}</span></td>
                    <td className="small">{filterText(r.filter as Record<string, unknown>)}</td>
                    <td>{formatPercent(r.sampleRate)}</td>
                    <td className="small">{formatCount(r.maxPerMinute)}/min{r.maxCostUsdPerDay !== null ? ` · ${formatCost(r.maxCostUsdPerDay)}/day` : ""}</td>
                    <td className="small">{r.lastRunAt ? formatUtcMinute(r.lastRunAt) : "not yet"}</td>
                    <td>{formatCount(r.scoredCount)}</td>
                    <td className="small">{r.day ? `${r.day}: ${formatCount(r.scoredToday)} traces, ${formatCost(r.costTodayUsd)}` : "—"}</td>
                    {canWrite ? <td><RuleActions id={r.id} enabled={r.enabled} /></td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {canWrite ? <NewRuleForm /> : null}
    </>
  );
});
