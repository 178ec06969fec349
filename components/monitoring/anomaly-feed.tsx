"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, formatDate } from "@/components/ui/api";
import type { AnomalyFeedItem } from "@/lib/monitoring/store/list";
import type { MetricSensitivity } from "@/lib/monitoring/store/review";
import { formatMetricValue, formatScore, kindLabel } from "./format";
import { Sparkline } from "./sparkline";

interface FeedResponse {
  data: AnomalyFeedItem[];
  metrics: MetricSensitivity[];
}

const severityClass: Record<string, string> = {
  critical: "badge badge-danger",
  high: "badge badge-danger",
  medium: "badge badge-warn",
  low: "badge",
};
const driftTestLabel: Record<string, string> = {
  ks: "Kolmogorov–Smirnov",
  wasserstein: "Wasserstein distance",
  chisquare: "Chi-square",
  jensenshannon: "Jensen–Shannon distance",
  psi: "PSI",
  domain_classifier: "Domain-classifier AUC",
};
const statusLabel: Record<string, string> = { open: "Open", acknowledged: "Acknowledged", false_positive: "False positive", confirmed: "Confirmed" };

export const ANOMALY_FEED_POLL_MS = 30_000;

/** The anomaly feed (Overview and the Anomalies page): polls the stored anomalies; reviewers can label them. */
export function AnomalyFeed({ limit = 10, status = "active", canReview, showSensitivity = false }: {
  limit?: number;
  status?: "active" | "all";
  canReview: boolean;
  showSensitivity?: boolean;
}) {
  const queryClient = useQueryClient();
  const params = new URLSearchParams({ limit: String(limit) });
  if (status === "active") params.set("status", "active");
  const key = ["monitoring-anomalies", limit, status];
  const feed = useQuery({
    queryKey: key,
    queryFn: () => apiFetch<FeedResponse>(`/api/v1/monitoring/anomalies?${params}`),
    refetchInterval: ANOMALY_FEED_POLL_MS,
  });
  const review = useMutation({
    mutationFn: ({ id, status }: { id: string; status: string }) =>
      apiFetch(`/api/v1/monitoring/anomalies/${id}/review`, { method: "POST", body: { status } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["monitoring-anomalies"] }),
  });

  if (feed.isPending) return <p className="muted">Loading anomalies…</p>;
  if (feed.isError) return <div className="alert alert-error" role="alert">Could not load anomalies: {feed.error.message}</div>;
  const { data, metrics } = feed.data;
  return (
    <div className="grid">
      {review.isError && <div className="alert alert-error" role="alert">{review.error.message}</div>}
      {data.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          No {status === "active" ? "open " : ""}anomalies. The detection job checks every metric&apos;s daily series and the last
          24 hours of its hourly series each hour; the daily drift run adds drifted prompt and response features.
        </p>
      ) : (
        <ul className="anomaly-list" aria-label="Anomalies">
          {data.map((a) => (
            <li key={a.id} className="anomaly-item" data-metric={a.metric} data-timestamp={a.timestamp}>
              <div className="anomaly-head">
                <span className={severityClass[a.severity]}>{a.severity}</span>
                <strong>
                  {a.kind === "drift" ? a.metricLabel : `${kindLabel[a.kind] ?? a.kind} ${a.direction === "up" ? "↑" : "↓"} ${a.metricLabel}`}
                </strong>
                {a.dimension !== "all" && a.kind !== "drift" && (
                  <span className="badge">
                    {a.dimension}: {a.dimensionValue}
                  </span>
                )}
                <span className="muted small">
                  {a.kind === "drift"
                    ? `drift run of ${a.timestamp.slice(0, 10)}`
                    : a.granularity === "day"
                      ? `day of ${a.timestamp.slice(0, 10)} (UTC)`
                      : `hour from ${formatDate(a.timestamp)}`}
                </span>
                {a.status !== "open" && <span className="badge">{statusLabel[a.status]}</span>}
              </div>
              <div className="anomaly-body">
                {a.kind === "drift" ? (
                  <span>
                    {driftTestLabel[a.dimensionValue] ?? a.dimensionValue} {a.direction === "down" ? "p-value" : "statistic"}{" "}
                    <strong>{a.value.toPrecision(3)}</strong> {a.direction === "down" ? "below" : "above"} its threshold {a.expected}{" "}
                    <span className="muted small">(last 7 days against the 7 before)</span>
                  </span>
                ) : (
                  <span>
                    actual <strong>{formatMetricValue(a.value, a.unit)}</strong> vs expected{" "}
                    {formatMetricValue(a.unit === "%" ? Math.min(1, Math.max(0, a.expected)) : a.expected, a.unit)}{" "}
                    <span className="muted small">
                      (band {formatMetricValue(a.unit === "%" ? Math.max(0, a.lower) : a.lower, a.unit)} – {formatMetricValue(a.unit === "%" ? Math.min(1, a.upper) : a.upper, a.unit)}, score {formatScore(a.score)})
                    </span>
                  </span>
                )}
                <Sparkline
                  points={a.sparkline}
                  highlight={a.timestamp}
                  label={`${a.metricLabel} around ${a.timestamp.slice(0, 10)}: ${formatMetricValue(a.value, a.unit)} against ${formatMetricValue(a.expected, a.unit)} expected`}
                />
              </div>
              <div className="anomaly-actions">
                <Link href={a.links.traces}>Traces in this window</Link>
                {a.links.experiment && (
                  <Link href={a.links.experiment.href}>Experiment “{a.links.experiment.name}” started {a.links.experiment.startedAt.slice(0, 10)}</Link>
                )}
                <Link href={a.links.drift ?? "/monitoring/drift"}>{a.links.drift ? "Drift report of that day" : "Drift report"}</Link>
                {canReview && (
                  <span className="anomaly-review">
                    {a.status === "open" && (
                      <button className="btn" disabled={review.isPending} onClick={() => review.mutate({ id: a.id, status: "acknowledged" })}>
                        Acknowledge
                      </button>
                    )}
                    <button className="btn" disabled={review.isPending || a.status === "confirmed"} onClick={() => review.mutate({ id: a.id, status: "confirmed" })}>
                      Confirm
                    </button>
                    <button className="btn" disabled={review.isPending || a.status === "false_positive"} onClick={() => review.mutate({ id: a.id, status: "false_positive" })}>
                      False positive
                    </button>
                  </span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {showSensitivity && metrics.length > 0 && (
        <section className="card table-wrap" aria-label="Sensitivity per metric">
          <h2>Sensitivity per metric</h2>
          <p className="muted small">
            Labels (confirmed / false positive) tune each metric&apos;s threshold multiplier: above 1 means fewer, larger anomalies are reported.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Threshold multiplier</th>
                <th scope="col">Reviewed</th>
                <th scope="col">False positives</th>
                <th scope="col">False-positive rate</th>
              </tr>
            </thead>
            <tbody>
              {metrics.map((m) => (
                <tr key={m.metric}>
                  <td>{m.metric}</td>
                  <td>{m.multiplier.toFixed(2)}</td>
                  <td>{m.reviewed}</td>
                  <td>{m.falsePositives}</td>
                  <td>{m.falsePositiveRate === null ? "— (no reviews)" : `${(m.falsePositiveRate * 100).toFixed(0)}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
