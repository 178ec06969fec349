"use client";
// The anomaly feed's triage bar: open counts per severity as filter links, status, sort and the muted toggle, all
// carried in the page URL so a filtered view can be shared.

import Link from "next/link";
import { formatCount } from "@/components/format";
import type { AnomalyFeedFilter, AnomalyFeedReply, AnomalySeverityFilter, AnomalyStatusFilter } from "./queries";

const SEVERITIES: AnomalySeverityFilter[] = ["critical", "high", "medium", "low"];
const severityLabel: Record<AnomalySeverityFilter, string> = { critical: "Critical", high: "High", medium: "Medium", low: "Low" };
const STATUSES: { value: AnomalyStatusFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "open", label: "Open" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "confirmed", label: "Confirmed" },
  { value: "false_positive", label: "False positive" },
];

/** The page URL of a filter: only what differs from the defaults (the time range always), and a filter change starts at the first page. */
export function feedHref(basePath: string, filter: AnomalyFeedFilter, change: Partial<AnomalyFeedFilter>): string {
  const next = { ...filter, cursor: undefined, ...change };
  const params = new URLSearchParams();
  if (next.status !== "all") params.set("status", next.status);
  if (next.severity) params.set("severity", next.severity);
  if (next.metric) params.set("metric", next.metric);
  if (next.dimension && next.dimensionValue) {
    params.set("dimension", next.dimension);
    params.set("dimensionValue", next.dimensionValue);
  }
  if (next.sort === "recent") params.set("sort", "recent");
  if (next.muted === "show") params.set("muted", "show");
  if (next.cursor) params.set("cursor", next.cursor);
  for (const key of ["range", "from", "to"] as const) if (next[key]) params.set(key, next[key]);
  const query = params.toString();
  return query ? `${basePath}?${query}` : basePath;
}

export function TriageBar({ basePath, filter, reply }: { basePath: string; filter: AnomalyFeedFilter; reply: AnomalyFeedReply }) {
  const counts = reply.openCounts;
  const total = SEVERITIES.reduce((sum, s) => sum + counts[s], 0);
  const href = (change: Partial<AnomalyFeedFilter>) => feedHref(basePath, filter, change);
  return (
    <div className="triage-bar">
      <nav className="triage-counts" aria-label="Open anomalies by severity">
        {SEVERITIES.map((s) => (
          <Link
            key={s}
            href={href({ status: "open", severity: s })}
            className={`triage-count triage-${s}`}
            aria-current={filter.severity === s && filter.status === "open" ? "page" : undefined}
            data-severity={s}
          >
            <strong>{formatCount(counts[s])}</strong> {severityLabel[s]}
          </Link>
        ))}
        <Link href={href({ status: "open", severity: undefined })} className="triage-count" aria-current={!filter.severity && filter.status === "open" ? "page" : undefined}>
          <strong>{formatCount(total)}</strong> open in all
        </Link>
      </nav>
      <div className="triage-tools">
        <span className="range-tabs" role="group" aria-label="Status">
          {STATUSES.map((s) => (
            <Link key={s.value} href={href({ status: s.value })} className="btn" aria-current={filter.status === s.value ? "page" : undefined}>
              {s.label}
            </Link>
          ))}
        </span>
        <span className="range-tabs" role="group" aria-label="Sort">
          <Link href={href({ sort: "severity" })} className="btn" aria-current={filter.sort !== "recent" ? "page" : undefined}>
            Severity first
          </Link>
          <Link href={href({ sort: "recent" })} className="btn" aria-current={filter.sort === "recent" ? "page" : undefined}>
            Most recent
          </Link>
        </span>
        {filter.severity && <Link href={href({ severity: undefined })}>Any severity</Link>}
        {filter.metric && <Link href={href({ metric: undefined })}>All metrics (now: {filter.metric})</Link>}
        {filter.dimension && (
          <Link href={href({ dimension: undefined, dimensionValue: undefined })}>
            All series (now: {filter.dimension}: {filter.dimensionValue})
          </Link>
        )}
        {filter.muted === "show" ? (
          <Link href={href({ muted: "hide" })}>Hide muted</Link>
        ) : (
          <Link href={href({ muted: "show" })}>Show muted ({formatCount(reply.mutedHidden)})</Link>
        )}
      </div>
    </div>
  );
}
