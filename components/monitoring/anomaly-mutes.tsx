"use client";
// Mute (snooze) a metric or one series of it from a feed item, and the list of mutes in force with Unmute.

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDate } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { monitoringApi, monitoringKeys, type AnomalyFeedItemView, type MuteRequest } from "./queries";

const DURATIONS: { value: MuteRequest["duration"]; label: string }[] = [
  { value: "1h", label: "1 hour" },
  { value: "1d", label: "1 day" },
  { value: "1w", label: "1 week" },
  { value: "until_unmuted", label: "Until unmuted" },
];

/** "Mute…" on a feed item: the whole metric or only this dimension value, for a chosen time. */
export function MuteButton({ projectId, item }: { projectId: string; item: AnomalyFeedItemView }) {
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState<"metric" | "series">(item.dimension === "all" ? "metric" : "series");
  const [duration, setDuration] = useState<MuteRequest["duration"]>("1d");
  const queryClient = useQueryClient();
  const mute = useMutation({
    mutationFn: monitoringApi.mute,
    onSuccess: () => setOpen(false),
    onSettled: () => queryClient.invalidateQueries({ queryKey: monitoringKeys.anomalies(projectId) }),
  });
  if (!open) {
    return (
      <button type="button" className="btn" onClick={() => setOpen(true)} aria-expanded={false}>
        Mute…
      </button>
    );
  }
  const series = item.dimension !== "all";
  return (
    <form
      className="form-row mute-form"
      aria-label={`Mute ${item.metricLabel}`}
      onSubmit={(e) => {
        e.preventDefault();
        const body: MuteRequest = { metric: item.metric, duration };
        if (scope === "series" && series) Object.assign(body, { dimension: item.dimension, dimensionValue: item.dimensionValue });
        mute.mutate(body);
      }}
    >
      {series && (
        <label>
          Mute{" "}
          <select value={scope} onChange={(e) => setScope(e.target.value as "metric" | "series")}>
            <option value="series">
              only {item.seriesLabel}
            </option>
            <option value="metric">all of {item.metricLabel}</option>
          </select>
        </label>
      )}
      <label>
        For{" "}
        <select value={duration} onChange={(e) => setDuration(e.target.value as MuteRequest["duration"])}>
          {DURATIONS.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn" disabled={mute.isPending}>
        Mute
      </button>
      <button type="button" className="btn" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {mute.isError && (
        <span className="alert alert-error" role="alert">
          {mute.error.message}
        </span>
      )}
    </form>
  );
}

/** The mutes in force, with their expiry and Unmute (reviewers only). */
export function MutedSeries({ projectId, canReview }: { projectId: string; canReview: boolean }) {
  const queryClient = useQueryClient();
  const mutes = useQuery({ queryKey: monitoringKeys.mutes(projectId), queryFn: monitoringApi.mutes });
  const unmute = useMutation({
    mutationFn: monitoringApi.unmute,
    onSettled: () => queryClient.invalidateQueries({ queryKey: monitoringKeys.anomalies(projectId) }),
  });
  return (
    <section className="card" aria-label="Muted series">
      <h2>Muted series</h2>
      {unmute.isError && (
        <div className="alert alert-error" role="alert">
          {unmute.error.message}
        </div>
      )}
      <QueryState
        query={mutes}
        what="mutes"
        isEmpty={(r) => r.data.length === 0}
        empty="Nothing is muted. Mute a metric from one of its anomalies to hide it here and silence its alerts for a while."
      >
        {(reply) => (
          <ul className="mute-list">
            {reply.data.map((m) => (
              <li key={m.id}>
                <strong>{m.metric}</strong>
                {m.dimension ? ` (${m.dimension}: ${m.dimensionValue})` : " (every series)"}{" "}
                <span className="muted small">{m.expiresAt ? `until ${formatDate(m.expiresAt)}` : "until unmuted"}</span>{" "}
                {canReview && (
                  <button type="button" className="btn" disabled={unmute.isPending} onClick={() => unmute.mutate(m.id)}>
                    Unmute
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
