// The feature store's health per view: offline freshness, the last parity check against the online copy, and this
// server's serving latency and online hit ratio.
import type { FeatureStoreHealth } from "@/lib/personalization/features/health";
import { formatCount, formatPercent, formatTimestamp } from "@/components/format";

/** "12 min", "5 h", "3 d". */
function age(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 3_600_000) return `${Math.max(0, Math.round(ms / 60_000))} min`;
  if (ms < 48 * 3_600_000) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / 86_400_000)} d`;
}

export function FeatureStoreTable({ health }: { health: FeatureStoreHealth }) {
  return (
    <>
      <p className="muted small">
        Online copy: {health.onlineStore === "redis" ? "Redis" : "this server's memory"}. Freshness: age of the newest offline values (stale past the view&apos;s TTL).
        Parity: share of checked entities whose online value is missing, older or different. Latency and hit ratio: this server since it started.
      </p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Feature views table">
        <table data-testid="feature-store-table">
          <thead>
            <tr>
              <th scope="col">View</th>
              <th scope="col">Entities</th>
              <th scope="col">Freshness</th>
              <th scope="col">Parity (last check)</th>
              <th scope="col">Hit ratio</th>
              <th scope="col">Latency p50 / p95</th>
            </tr>
          </thead>
          <tbody>
            {health.views.map((v) => (
              <tr key={v.view}>
                <td>
                  <span className="mono">{v.view}</span>
                  <div className="muted small">
                    {v.entity}, {v.features} features, TTL {v.ttlHours} h
                  </div>
                </td>
                <td className="mono">{v.eventTime ? formatCount(v.entities) : "—"}</td>
                <td>
                  {v.eventTime ? (
                    <>
                      <span className="mono">{age(v.freshnessMs)}</span>
                      {v.freshnessMs !== null && v.freshnessMs > v.ttlHours * 3_600_000 ? <span className="muted small"> (past TTL)</span> : null}
                      <div className="muted small">{formatTimestamp(v.eventTime)}</div>
                    </>
                  ) : (
                    <span className="muted small">not materialized yet</span>
                  )}
                </td>
                <td>
                  {v.parity ? (
                    <>
                      <span className="mono">{v.parity.diffRate === null ? "—" : formatPercent(v.parity.diffRate, 2)}</span>
                      <div className="muted small">
                        {formatCount(v.parity.checked)} checked: {formatCount(v.parity.missing)} missing, {formatCount(v.parity.stale)} stale, {formatCount(v.parity.mismatched)} different
                        {v.parity.onlineLagMs ? `; online up to ${age(v.parity.onlineLagMs)} behind` : ""}
                      </div>
                    </>
                  ) : (
                    <span className="muted small">not checked yet</span>
                  )}
                </td>
                <td className="mono">{v.serving?.hitRatio != null ? formatPercent(v.serving.hitRatio) : "—"}</td>
                <td className="mono">
                  {v.serving?.p50Ms != null ? `${v.serving.p50Ms} / ${v.serving.p95Ms} ms` : "—"}
                  {v.serving ? (
                    <div className="muted small">
                      {formatCount(v.serving.requests)} {v.serving.requests === 1 ? "request" : "requests"}
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
