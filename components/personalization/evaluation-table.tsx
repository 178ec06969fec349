// One model version's holdout evaluation, every ranker side by side: the popularity baseline, the collaborative models
// (ALS, BPR), the content model, the hybrid blend and the hybrid re-ranked with MMR, so accuracy (NDCG@10, recall@10)
// reads next to what it costs in coverage and intra-list diversity.
import type { RankingMetrics } from "@/lib/personalization/evaluate";
import type { StoredModelSummary } from "@/lib/personalization/store/models";
import { formatCount } from "@/components/format";

const fixed = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? "—" : x.toFixed(digits));
const share = (x: number) => `${Math.round(x * 100)}%`;

export function evaluationRows(v: StoredModelSummary): { name: string; note?: string; metrics: RankingMetrics }[] {
  const e = v.evaluation;
  const rows: { name: string; note?: string; metrics: RankingMetrics }[] = [{ name: "Popularity", note: "baseline", metrics: e.popularity }];
  const candidates = e.candidates ?? { [v.manifest.algorithm]: e.model };
  for (const [name, metrics] of Object.entries(candidates)) {
    if (metrics) rows.push({ name: name.toUpperCase(), note: name === v.manifest.algorithm ? "kept" : undefined, metrics });
  }
  if (e.content) rows.push({ name: "Content", metrics: e.content });
  if (e.hybrid) rows.push({ name: "Hybrid", note: "λ = 1", metrics: e.hybrid });
  if (e.hybridMmr) rows.push({ name: "Hybrid + MMR", note: `λ = ${e.hybridMmr.lambda}`, metrics: e.hybridMmr });
  return rows;
}

export function EvaluationTable({ version }: { version: StoredModelSummary }) {
  const rows = evaluationRows(version);
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Evaluation table">
      <table data-testid="evaluation-table">
        <caption className="muted small" style={{ textAlign: "left" }}>
          v{version.version} on {formatCount(version.evaluation.model.users)} users&apos; held-out latest interactions. Diversity is the mean pairwise content
          distance (1 − cosine) within each top 10; coverage the share of items shown to anyone.
        </caption>
        <thead>
          <tr>
            <th scope="col">Ranker</th>
            <th scope="col">NDCG@10</th>
            <th scope="col">Recall@10</th>
            <th scope="col">Item coverage</th>
            <th scope="col">Diversity</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <td>
                {r.name} {r.note ? <span className="muted small">({r.note})</span> : null}
              </td>
              <td className="mono">{fixed(r.metrics.ndcgAt10)}</td>
              <td className="mono">{fixed(r.metrics.recallAt10)}</td>
              <td className="mono">{share(r.metrics.itemCoverage)}</td>
              <td className="mono">{fixed(r.metrics.diversity)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
