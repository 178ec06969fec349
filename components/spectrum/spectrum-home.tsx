"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiFetch, formatDate } from "@/components/ui/api";
import type { SpectrumOverview } from "@/lib/spectrum/store/read";
import { LandscapeChart } from "./landscape-chart";
import { PatternChart } from "./pattern-chart";
import { MonthlyPanel } from "./monthly-panel";

const KEY = ["spectrum-me"];

export function SpectrumHome({ initial }: { initial: SpectrumOverview }) {
  const qc = useQueryClient();
  const overview = useQuery({ queryKey: KEY, queryFn: () => apiFetch<SpectrumOverview>("/api/v1/spectrum/me"), initialData: initial, staleTime: 30_000 });
  const data = overview.data;
  const [confirmReset, setConfirmReset] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: KEY });
  const exclude = useMutation({ mutationFn: (sessionId: string) => apiFetch("/api/v1/spectrum/me/exclusions", { method: "POST", body: { sessionId } }), onSettled: refresh });
  const restore = useMutation({ mutationFn: (id: string) => apiFetch(`/api/v1/spectrum/me/exclusions/${id}`, { method: "DELETE" }), onSettled: refresh });
  const reset = useMutation({ mutationFn: () => apiFetch("/api/v1/spectrum/me/reset", { method: "POST", body: {} }), onSettled: () => { setConfirmReset(false); refresh(); } });
  const error = exclude.error ?? restore.error ?? reset.error;

  useEffect(() => {
    // The service worker keeps the last loaded feed for offline viewing.
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/spectrum-sw.js").catch(() => undefined);
  }, []);

  return (
    <div className="spectrum">
      {error && <p className="alert alert-error" role="alert">{error.message}</p>}
      <LandscapeChart weeks={data.weeks} />
      <section className="section" aria-labelledby="feed-title" data-testid="feed">
        <h2 id="feed-title">Weekly insights</h2>
        {data.feed.length === 0 ? (
          <p className="muted">Your first weekly insight appears after a full week of conversations.</p>
        ) : (
          <ul className="spectrum-feed">
            {data.feed.map((card) => (
              <li key={card.id} className="card spectrum-card">
                <p className="muted small">Week of {new Date(card.periodStart).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" })}</p>
                <p>{card.text}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <MonthlyPanel monthly={data.monthly} />
      <PatternChart patterns={data.patterns} />
      <section className="section card" aria-labelledby="sessions-title" data-testid="sessions">
        <h2 id="sessions-title">Your recent sessions</h2>
        <p className="muted small">Leave a session out of your Spectrum: its week and month are recomputed without it.</p>
        {data.sessions.length === 0 ? (
          <p className="muted">No sessions count towards your Spectrum right now.</p>
        ) : (
          <ul className="spectrum-list">
            {data.sessions.map((s) => (
              <li key={s.id} data-session-id={s.id}>
                <span>
                  {formatDate(s.startedAt)} · <strong>{s.dominant}</strong>
                  {s.patterns.length > 0 && <span className="muted small"> · {s.patterns.join(", ")}</span>}
                </span>
                <button className="btn" disabled={exclude.isPending} onClick={() => exclude.mutate(s.id)} aria-label={`Exclude session of ${formatDate(s.startedAt)}`}>
                  Exclude
                </button>
              </li>
            ))}
          </ul>
        )}
        {data.exclusions.length > 0 && (
          <>
            <h3>Left out</h3>
            <ul className="spectrum-list" data-testid="exclusions">
              {data.exclusions.map((x) => (
                <li key={x.id}>
                  <span className="small">{x.sessionId ? `Session ${x.sessionId}` : `${formatDate(x.from)} – ${formatDate(x.to)}`}</span>
                  <button className="btn" disabled={restore.isPending} onClick={() => restore.mutate(x.id)}>Include again</button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="section card" aria-labelledby="reset-title">
        <h2 id="reset-title">Start fresh</h2>
        <p className="muted small">A reset deletes your insights and analysis so far; only conversations from now on will count.{data.resetAt ? ` Last reset: ${formatDate(data.resetAt)}.` : ""}</p>
        {confirmReset ? (
          <div className="form-row">
            <button className="btn btn-danger" disabled={reset.isPending} onClick={() => reset.mutate()}>Yes, reset my Spectrum</button>
            <button className="btn" onClick={() => setConfirmReset(false)}>Cancel</button>
          </div>
        ) : (
          <button className="btn" onClick={() => setConfirmReset(true)}>Reset my Spectrum</button>
        )}
      </section>
    </div>
  );
}
