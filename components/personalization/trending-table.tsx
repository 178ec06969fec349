// Items trending now: last-24-hour positive engagement against what the item's previous 7 days predict.
import type { TrendingList } from "@/lib/personalization/trending-service";
import { formatCount } from "@/components/format";

export function TrendingTable({ trending }: { trending: TrendingList }) {
  if (!trending.items.length) {
    return (
      <p className="muted" data-testid="trending-empty">
        No item is trending: none had at least {trending.window.minRecent} positive interactions in the last 24 hours above what its previous week predicts.
      </p>
    );
  }
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Trending items table">
      <table data-testid="trending-table">
        <caption className="muted small" style={{ textAlign: "left" }}>
          z = (last 24 h − expected) / √expected, expected from the item&apos;s own previous 7 days; at least {trending.window.minRecent} recent positive interactions.
        </caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Categories</th>
            <th scope="col">Last 24 h</th>
            <th scope="col">Expected</th>
            <th scope="col">Previous 7 days</th>
            <th scope="col">z</th>
          </tr>
        </thead>
        <tbody>
          {trending.items.map((i) => (
            <tr key={i.itemId}>
              <td>
                {i.title ?? <span className="mono">{i.itemId}</span>}
                {i.title ? <div className="muted small mono">{i.itemId}</div> : null}
              </td>
              <td className="small">{i.categories.join(", ") || "—"}</td>
              <td className="mono">{formatCount(i.recent)}</td>
              <td className="mono">{i.expected.toFixed(1)}</td>
              <td className="mono">{formatCount(i.baseline)}</td>
              <td className="mono">{i.zScore.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
