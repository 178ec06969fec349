"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { formatDate } from "@/components/format";
import { spectrumApi, spectrumKeys, type SpectrumOverviewView } from "./queries";
import { LandscapeChart } from "./landscape-chart";
import { PatternChart } from "./pattern-chart";
import { MonthlyPanel } from "./monthly-panel";
import { FeedCard } from "./feed-card";
import { trackEngagement } from "./engagement";
import { PushOptIn } from "./push-opt-in";

// On a phone the full feed and session list made a 6,000 px page: show the latest few, the rest on request.
const FEED_PREVIEW = 3;
const SESSIONS_PREVIEW = 5;
/** Sessions added by each "Show more". */
const SESSIONS_PAGE = 20;

export function SpectrumHome({ projectId, initial, showTeaser = false }: { projectId: string; initial: SpectrumOverviewView; showTeaser?: boolean }) {
  const qc = useQueryClient();
  const key = spectrumKeys.me(projectId);
  const overview = useQuery({ queryKey: key, queryFn: spectrumApi.overview, initialData: initial, staleTime: 30_000 });
  const data = overview.data;
  const [confirmReset, setConfirmReset] = useState(false);
  const [showOlder, setShowOlder] = useState(false);
  const [sessionsShown, setSessionsShown] = useState(SESSIONS_PREVIEW);
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const exclude = useMutation({ mutationFn: spectrumApi.exclude, onSettled: refresh });
  const restore = useMutation({ mutationFn: spectrumApi.restore, onSettled: refresh });
  const reset = useMutation({ mutationFn: spectrumApi.reset, onSettled: () => { setConfirmReset(false); refresh(); } });
  const error = exclude.error ?? restore.error ?? reset.error;

  useEffect(() => {
    trackEngagement("page_view");
    if (showTeaser) trackEngagement("teaser_view");
  }, [showTeaser]);

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
          <ul className="spectrum-feed" id="feed-list">
            {(showOlder ? data.feed : data.feed.slice(0, FEED_PREVIEW)).map((card) => (
              <FeedCard key={card.id} card={card} />
            ))}
          </ul>
        )}
        {data.feed.length > FEED_PREVIEW && (
          <button className="btn spectrum-more" aria-expanded={showOlder} aria-controls="feed-list" onClick={() => {
              if (!showOlder) trackEngagement("feed_open");
              setShowOlder(!showOlder);
            }}>
            {showOlder ? "Show fewer" : `Show older (${data.feed.length - FEED_PREVIEW})`}
          </button>
        )}
      </section>
      <MonthlyPanel monthly={data.monthly} />
      {showTeaser && (
        <section className="section card spectrum-teaser" aria-labelledby="teaser-title" data-testid="teaser">
          <h2 id="teaser-title">Monthly deep dive · paid feature</h2>
          <p className="small">
            Paid plans add a monthly deep dive: a longer look at how your month moved, the patterns behind it and how it compares with the months
            before. Ask your provider about upgrading your plan.
          </p>
        </section>
      )}
      <PatternChart patterns={data.patterns} />
      <section className="section card" aria-labelledby="sessions-title" data-testid="sessions">
        <h2 id="sessions-title">Your recent sessions</h2>
        <p className="muted small">Leave a session out of your Spectrum: its week and month are recomputed without it in the background, so the charts and insights above may show the earlier figures for a minute.</p>
        {data.sessions.length === 0 ? (
          <p className="muted">No sessions count towards your Spectrum right now.</p>
        ) : (
          <ul className="spectrum-list" id="session-list">
            {data.sessions.slice(0, sessionsShown).map((s) => (
              <li key={s.id} data-session-id={s.id}>
                <span>
                  {formatDate(s.startedAt)} · <strong>{s.dominant}</strong>
                  {s.patternLabels.length > 0 && <span className="muted small"> · {s.patternLabels.join(", ")}</span>}
                </span>
                <button className="btn" disabled={exclude.isPending} onClick={() => exclude.mutate(s.id)} aria-label={`Exclude session of ${formatDate(s.startedAt)}`}>
                  Exclude
                </button>
              </li>
            ))}
          </ul>
        )}
        {data.sessions.length > SESSIONS_PREVIEW && (
          <p className="spectrum-more">
            <span className="muted small">
              Showing {Math.min(sessionsShown, data.sessions.length)} of {data.sessions.length} sessions of the last 16 weeks.{" "}
            </span>
            {sessionsShown < data.sessions.length ? (
              <button className="btn" aria-controls="session-list" onClick={() => setSessionsShown((n) => n + SESSIONS_PAGE)}>
                Show {Math.min(SESSIONS_PAGE, data.sessions.length - sessionsShown)} more
              </button>
            ) : (
              <button className="btn" aria-controls="session-list" onClick={() => setSessionsShown(SESSIONS_PREVIEW)}>
                Show fewer sessions
              </button>
            )}
          </p>
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
      <PushOptIn projectId={projectId} />
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
