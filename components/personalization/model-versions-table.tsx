// The trained recommendation model versions with their holdout evaluation against the popularity baseline.
import { formatTimestamp, formatCount } from "@/components/format";
import type { StoredModelSummary } from "@/lib/personalization/store/models";

const fixed = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? "—" : x.toFixed(digits));
const share = (x: number) => `${Math.round(x * 100)}%`;

export function ModelVersionsTable({ versions }: { versions: StoredModelSummary[] }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Model versions table">
      <table data-testid="model-versions-table">
        <caption className="muted small" style={{ textAlign: "left" }}>NDCG@10 and recall@10 on each user&apos;s held-out latest interactions; the baseline recommends the most popular unseen items.</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Trained</th>
            <th scope="col">Status</th>
            <th scope="col">Users × items</th>
            <th scope="col">NDCG@10 (model / popularity)</th>
            <th scope="col">Ratio</th>
            <th scope="col">Recall@10</th>
            <th scope="col">Item coverage</th>
            <th scope="col">Training</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id}>
              <td className="mono">v{v.version}</td>
              <td className="mono-nowrap">{formatTimestamp(v.createdAt)}</td>
              <td>{v.promoted ? <span className="badge">serving</span> : <span className="muted">{v.evaluation.beatsBaseline ? "kept" : "not promoted"}</span>}</td>
              <td className="mono">
                {formatCount(v.manifest.users)} × {formatCount(v.manifest.items)}
              </td>
              <td className="mono">
                {fixed(v.evaluation.model.ndcgAt10)} / {fixed(v.evaluation.popularity.ndcgAt10)}
              </td>
              <td className="mono">{v.evaluation.ndcgRatio === null ? "—" : `${v.evaluation.ndcgRatio.toFixed(2)}×`}</td>
              <td className="mono">{fixed(v.evaluation.model.recallAt10)}</td>
              <td className="mono">{share(v.evaluation.model.itemCoverage)}</td>
              <td className="small" style={{ whiteSpace: "nowrap" }}>
                {v.manifest.algorithm.toUpperCase()}, {v.manifest.algorithm === "bpr" ? `${v.manifest.dimension - 1} factors + bias` : `${v.manifest.dimension} factors`}, {(v.manifest.trainingMs / 1000).toFixed(1)} s
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
