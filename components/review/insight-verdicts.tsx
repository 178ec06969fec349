// Blinded insight review, unblinded at the aggregate: per prompt version and model, how many insights reviewers
// passed (with the 95% interval) and the mean of each rubric score, plus how often they overrode the validator.
import type { InsightReviewSummary } from "@/lib/evaluation/review/insight-summary";
import type { ScoreConfig } from "@/lib/evaluation/review/queue-input";
import type { Jsonified } from "@/components/ui/api";
import { formatCount, formatNumber, formatPercent, formatShare } from "@/components/format";

export function InsightVerdicts({ summary, configs }: { summary: Jsonified<InsightReviewSummary>; configs: ScoreConfig[] }) {
  const scored = configs.filter((c) => c.type !== "categorical");
  const scaleOf = (c: ScoreConfig) => (c.type === "numeric" ? `${c.min}–${c.max}` : "share yes");
  return (
    <section className="card section" aria-label="Insight verdicts">
      <h2>Insight verdicts by prompt version</h2>
      <p className="small">
        {summary.overrideRatio === null
          ? `${formatCount(summary.reviewed)} insights reviewed; none has a pass/fail score yet.`
          : `Reviewers failed ${formatPercent(summary.overrideRatio)} of ${formatCount(summary.judged)} reviewed insights that automatic validation had accepted (manual overrides). An insight passes when every rating is at least the middle of its scale and every yes/no is yes.`}
      </p>
      <div className="table-wrap">
        <table>
          <caption className="small muted" style={{ textAlign: "left" }}>Reviewers did not see these names when the queue is blinded; the version is the one that wrote the insight when it was reviewed.</caption>
          <thead>
            <tr>
              <th>Prompt</th><th>Model</th><th>Reviewed</th><th>Passed</th>
              {scored.map((c) => <th key={c.name}>{c.name} <span className="small muted">({scaleOf(c)})</span></th>)}
            </tr>
          </thead>
          <tbody>
            {summary.byVersion.map((g) => (
              <tr key={`${g.promptName}/${g.promptVersion}/${g.model}`}>
                <td className="mono" style={{ whiteSpace: "nowrap" }}>{g.promptName} {g.promptVersion}</td>
                <td className="mono" style={{ whiteSpace: "nowrap" }}>{g.model}</td>
                <td>{formatCount(g.n)}</td>
                <td className="small">{formatShare(g.pass)}</td>
                {scored.map((c) => {
                  const m = g.means.find((x) => x.name === c.name);
                  return <td key={c.name}>{m ? (c.type === "boolean" ? formatPercent(m.mean, 0) : formatNumber(m.mean)) : "—"}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
