"use client";

import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDate, formatCount, formatDay, formatMetricValue, formatPercent, formatScore } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { metricInfo } from "@/lib/monitoring/rollups/catalog";
import { monitoringApi, monitoringKeys, type AnomalyFeedFilter, type AnomalyFeedReply, type AnomalyReviewStatus } from "./queries";
import { Sparkline } from "./sparkline";
import { feedHref, TriageBar } from "./anomaly-triage";
import { MuteButton, MutedSeries } from "./anomaly-mutes";

/** When an incident happened: its bucket, or its first and last bucket and how many were anomalous. */
function incidentSpan(a: { granularity: string; timestamp: string; endedAt: string; points: number }): string {
  const daily = a.granularity === "day";
  if (a.endedAt === a.timestamp) return daily ? `day of ${formatDay(a.timestamp)} (UTC)` : `hour from ${formatDate(a.timestamp)}`;
  const span = daily ? `${formatDay(a.timestamp)} – ${formatDay(a.endedAt)} (UTC)` : `${formatDate(a.timestamp)} – ${formatDate(a.endedAt)}`;
  return `${span}, ${formatCount(a.points)} anomalous ${daily ? "day" : "hour"}${a.points === 1 ? "" : "s"}`;
}

const kindLabel: Record<string, string> = { spike: "Spike", drop: "Drop", level_shift: "Level shift", trend: "Trend", drift: "Drift" };

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

/**
 * The anomaly feed (Overview and the Anomalies page): polls the stored anomalies, open and most severe first;
 * reviewers can label them. With `triage` (the Anomalies page, at `basePath`): counts per severity, filters, paging,
 * bulk review and mutes.
 */
export function AnomalyFeed({ projectId, limit = 10, status = "active", filter: extra = {}, canReview, showSensitivity = false, triage }: {
  projectId: string;
  limit?: number;
  status?: AnomalyFeedFilter["status"];
  filter?: Omit<Partial<AnomalyFeedFilter>, "limit" | "status">;
  canReview: boolean;
  showSensitivity?: boolean;
  triage?: { basePath: string };
}) {
  const filter: AnomalyFeedFilter = { limit, status, ...extra };
  const feed = useQuery({
    queryKey: monitoringKeys.anomalyFeed(projectId, filter),
    queryFn: () => monitoringApi.anomalyFeed(filter),
    refetchInterval: ANOMALY_FEED_POLL_MS,
  });
  return (
    <QueryState query={feed} what="anomalies">
      {(reply) => <FeedView projectId={projectId} filter={filter} canReview={canReview} showSensitivity={showSensitivity} triage={triage} reply={reply} />}
    </QueryState>
  );
}

const BULK_ACTIONS: { status: AnomalyReviewStatus; label: string }[] = [
  { status: "acknowledged", label: "Acknowledge" },
  { status: "confirmed", label: "Confirm" },
  { status: "false_positive", label: "False positive" },
];

function FeedView({ projectId, filter, canReview, showSensitivity, triage, reply }: {
  projectId: string;
  filter: AnomalyFeedFilter;
  canReview: boolean;
  showSensitivity: boolean;
  triage?: { basePath: string };
  reply: AnomalyFeedReply;
}) {
  const { data, metrics } = reply;
  const status = filter.status;
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const review = useMutation({
    mutationFn: monitoringApi.reviewAnomaly,
    onSettled: () => queryClient.invalidateQueries({ queryKey: monitoringKeys.anomalies(projectId) }),
  });
  const bulk = useMutation({
    mutationFn: monitoringApi.reviewAnomalies,
    onSuccess: () => setSelected(new Set()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: monitoringKeys.anomalies(projectId) }),
  });
  const selectable = Boolean(triage) && canReview;
  // Only rows still on screen count: a refresh may have moved a selected row to another page.
  const chosen = data.filter((a) => selected.has(a.id)).map((a) => a.id);
  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <div className="grid">
      {triage && <TriageBar basePath={triage.basePath} filter={filter} reply={reply} />}
      {review.isError && <div className="alert alert-error" role="alert">{review.error.message}</div>}
      {bulk.isError && <div className="alert alert-error" role="alert">{bulk.error.message}</div>}
      {selectable && data.length > 0 && (
        <div className="bulk-bar" role="group" aria-label="Bulk review">
          <label>
            <input
              type="checkbox"
              checked={chosen.length === data.length}
              onChange={(e) => setSelected(e.target.checked ? new Set(data.map((a) => a.id)) : new Set())}
            />{" "}
            Select all on this page
          </label>
          <span className="muted small">{formatCount(chosen.length)} selected</span>
          {BULK_ACTIONS.map((action) => (
            <button
              key={action.status}
              type="button"
              className="btn"
              disabled={chosen.length === 0 || bulk.isPending}
              onClick={() => bulk.mutate({ ids: chosen, status: action.status })}
            >
              {action.label} selected
            </button>
          ))}
        </div>
      )}
      {data.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          No {status === "active" ? "open " : ""}anomalies. The detection job checks every metric&apos;s daily series and the last
          24 hours of its hourly series each hour; the daily drift run adds drifted prompt and response features.
        </p>
      ) : (
        <ul className="anomaly-list" aria-label="Anomalies">
          {data.map((a) => (
            <li key={a.id} className="anomaly-item" data-metric={a.metric} data-timestamp={a.timestamp} data-id={a.id} data-severity={a.severity} data-series={a.dimension === "all" ? "all" : `${a.dimension}=${a.dimensionValue}`}>
              <div className="anomaly-head">
                {selectable && (
                  <input
                    type="checkbox"
                    aria-label={`Select ${a.severity} ${a.metricLabel} of ${formatDay(a.timestamp)}`}
                    checked={selected.has(a.id)}
                    onChange={(e) => toggle(a.id, e.target.checked)}
                  />
                )}
                <span className={severityClass[a.severity]}>{a.severity}</span>
                <strong>
                  {a.kind === "drift" ? a.metricLabel : `${kindLabel[a.kind] ?? a.kind} ${a.direction === "up" ? "↑" : "↓"} ${a.metricLabel}`}
                </strong>
                {a.dimension !== "all" && a.kind !== "drift" && (
                  <span className="badge">{a.seriesLabel}</span>
                )}
                <span className="muted small">
                  {a.kind === "drift"
                    ? `drift run of ${formatDay(a.timestamp)}`
                    : incidentSpan(a)}
                </span>
                {a.status !== "open" && <span className="badge">{statusLabel[a.status]}</span>}
                {a.muted && <span className="badge">Muted</span>}
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
                      ({a.points > 1 ? `at the peak, ${formatDate(a.peakAt)}; ` : ""}band {formatMetricValue(a.unit === "%" ? Math.max(0, a.lower) : a.lower, a.unit)} – {formatMetricValue(a.unit === "%" ? Math.min(1, a.upper) : a.upper, a.unit)}, score {formatScore(a.score)})
                    </span>
                  </span>
                )}
                <Sparkline
                  points={a.sparkline}
                  highlight={a.timestamp}
                  label={`${a.metricLabel} around ${formatDay(a.timestamp)}: ${formatMetricValue(a.value, a.unit)} against ${formatMetricValue(a.expected, a.unit)} expected`}
                  format={a.kind === "drift" ? (v) => v.toPrecision(3) : (v) => formatMetricValue(v, a.unit)}
                />
              </div>
              <div className="anomaly-actions">
                {a.kind !== "drift" && <Link href={`/monitoring/anomalies/${a.id}`}>Root cause</Link>}
                <Link href={a.links.traces}>Traces in this window</Link>
                {triage && !filter.metric && <Link href={feedHref(triage.basePath, filter, { metric: a.metric })}>Only this metric</Link>}
                {triage && a.dimension !== "all" && a.kind !== "drift" && !filter.dimension && (
                  <Link href={feedHref(triage.basePath, filter, { dimension: a.dimension, dimensionValue: a.dimensionValue })}>Only {a.seriesLabel}</Link>
                )}
                {a.links.experiment && (
                  <Link href={a.links.experiment.href}>Experiment “{a.links.experiment.name}” started {formatDay(a.links.experiment.startedAt)}</Link>
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
                    {triage && a.kind !== "drift" && <MuteButton projectId={projectId} item={a} />}
                  </span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {triage && (reply.nextCursor || filter.cursor) && (
        <nav className="form-row" aria-label="Pages">
          {filter.cursor && <Link href={feedHref(triage.basePath, filter, {})}>First page</Link>}
          {reply.nextCursor && <Link href={feedHref(triage.basePath, filter, { cursor: reply.nextCursor })}>Next page</Link>}
        </nav>
      )}
      {triage && <MutedSeries projectId={projectId} canReview={canReview} />}
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
                  <td>{metricInfo(m.metric).label}</td>
                  <td>{m.multiplier.toFixed(2)}</td>
                  <td>{formatCount(m.reviewed)}</td>
                  <td>{formatCount(m.falsePositives)}</td>
                  <td>{m.falsePositiveRate === null ? "— (no reviews)" : formatPercent(m.falsePositiveRate, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
