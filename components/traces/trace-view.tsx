"use client";

import { useMemo, useRef, useState, type KeyboardEvent } from "react";
import { formatCost, formatDuration, formatTimestamp, formatTokens } from "@/components/format";
import { levelBadge } from "./level-badge";
import { PayloadView } from "./payload-view";
import { scoreValueText } from "./score-value";
import { ScoreForm } from "./score-form";
import type { ObservationView, ScoreView, TraceView } from "./types";
import { buildWaterfall, visibleRows, type VisibleRow, type WaterfallRow } from "./waterfall-model";
import { FULL_VIEW, isZoomed, placeBar, zoomIn, zoomOut, zoomToBar, type ZoomWindow } from "./waterfall-zoom";

const TICKS = [0, 0.25, 0.5, 0.75, 1];

function rowTokens(o: ObservationView): string {
  if (o.usageTotal === null && o.usageInput === null && o.usageOutput === null) return "";
  return `${formatTokens(o.usageInput ?? 0)} → ${formatTokens(o.usageOutput ?? 0)}`;
}

function Waterfall({ rows, totalMs, selectedId, onSelect, onToggle, zoom, onZoom }: {
  rows: VisibleRow[];
  totalMs: number;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onToggle: (id: string, collapse: boolean) => void;
  zoom: ZoomWindow;
  onZoom: (w: ZoomWindow) => void;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  const selected = rows.findIndex((v) => v.row.observation.id === selectedId);
  const move = (i: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    if (!rows[next]) return;
    onSelect(rows[next].row.observation.id);
    listRef.current?.querySelector(`#wf-row-${next}`)?.scrollIntoView({ block: "nearest" });
  };
  const onKey = (e: KeyboardEvent) => {
    const keys: Record<string, number> = { ArrowDown: selected + 1, ArrowUp: selected - 1, Home: 0, End: rows.length - 1, j: selected + 1, k: selected - 1 };
    const current = rows[selected];
    // + zooms the time axis to the selected observation, - widens it, 0 shows the whole trace.
    const zoomKeys: Record<string, () => ZoomWindow> = {
      "+": () => (current ? zoomToBar(current.row.offset, current.row.width) : zoomIn(zoom)),
      "=": () => (current ? zoomToBar(current.row.offset, current.row.width) : zoomIn(zoom)),
      "-": () => zoomOut(zoom),
      "0": () => FULL_VIEW,
    };
    if (e.key in zoomKeys) {
      e.preventDefault();
      onZoom(zoomKeys[e.key]());
    } else if (e.key in keys) {
      e.preventDefault();
      move(keys[e.key]);
    } else if (current && (e.key === "ArrowLeft" || e.key === "ArrowRight")) {
      // Left folds the selected sub-tree (or steps to the parent), right unfolds it.
      e.preventDefault();
      const parent = rows.findIndex((v) => v.row.observation.id === current.row.parentId);
      if (e.key === "ArrowRight") onToggle(current.row.observation.id, false);
      else if (current.descendants > 0 && !current.collapsed) onToggle(current.row.observation.id, true);
      else if (parent >= 0) move(parent);
    }
  };
  return (
    <div className="waterfall">
      <div className="wf-axis" aria-hidden="true">
        <span className="wf-name-col">Observation</span>
        <span className="wf-track">
          {TICKS.map((t) => (
            <span key={t} className="wf-tick" style={{ left: `${t * 100}%` }}>
              {formatDuration((zoom.from + t * (zoom.to - zoom.from)) * totalMs)}
            </span>
          ))}
        </span>
        <span className="wf-meta-col">Tokens · cost</span>
      </div>
      <div
        ref={listRef}
        className="wf-rows"
        role="listbox"
        tabIndex={0}
        aria-label="Observations (up and down arrow keys move between them, left and right fold and unfold a sub-tree)"
        aria-activedescendant={selected >= 0 ? `wf-row-${selected}` : undefined}
        onKeyDown={onKey}
      >
        {rows.map(({ row: r, match, descendants, collapsed }, i) => {
          const o = r.observation;
          const bar = placeBar(r.offset, r.width, zoom);
          return (
            <div
              key={`${o.id}`}
              id={`wf-row-${i}`}
              role="option"
              aria-selected={i === selected}
              className={`wf-row${i === selected ? " selected" : ""}${match ? " match" : ""}`}
              onClick={() => move(i)}
              data-observation-id={o.id}
            >
              <span className="wf-name-col" style={{ paddingLeft: `${r.depth * 14}px` }}>
                {descendants > 0 ? (
                  // Not focusable (an option may not hold controls): the keyboard folds with the arrow keys.
                  <span
                    className="wf-toggle"
                    aria-hidden="true"
                    title={collapsed ? `Unfold (${descendants} below)` : "Fold"}
                    onClick={(e) => {
                      e.stopPropagation();
                      onToggle(o.id, !collapsed);
                    }}
                  >
                    {collapsed ? "▸" : "▾"}
                  </span>
                ) : (
                  <span className="wf-toggle" aria-hidden="true" />
                )}
                <span className={`wf-type type-${o.type}`}>{o.type}</span> <span className="wf-name">{o.name}</span>
                {collapsed ? <span className="muted small"> (+{descendants})</span> : null}
                {collapsed ? <span className="sr-only">, folded: {descendants} observations below are hidden</span> : null}
                {match ? <span className="sr-only">, matches the search</span> : null}
                {o.level === "ERROR" || o.level === "WARNING" ? <span className={`${levelBadge[o.level]} wf-level`}>{o.level}</span> : null}
              </span>
              <span className="wf-track">
                {bar ? (
                  <>
                    <span
                      className={`wf-bar type-${o.type} level-${o.level}${r.durationMs === null ? " open" : ""}${bar.clippedStart ? " clipped-start" : ""}${bar.clippedEnd ? " clipped-end" : ""}`}
                      style={{ left: `${bar.left * 100}%`, width: `max(${bar.width * 100}%, 2px)` }}
                      title={`${o.name}: starts at +${formatDuration(r.startMs)}, ${r.durationMs === null ? "no end recorded" : formatDuration(r.durationMs)}`}
                    />
                    <span
                      className={`wf-duration${bar.left + bar.width > 0.8 ? " before" : ""}`}
                      // Near the right edge the label goes before the bar, so it never covers it.
                      style={bar.left + bar.width > 0.8 ? { right: `${(1 - bar.left) * 100}%` } : { left: `${(bar.left + bar.width) * 100}%` }}
                    >
                      {r.durationMs === null ? "open" : formatDuration(r.durationMs)}
                    </span>
                  </>
                ) : (
                  <span className="wf-outside muted small">outside the zoomed range</span>
                )}
              </span>
              <span className="wf-meta-col small">
                {rowTokens(o)}
                {o.costTotal !== null ? ` · ${formatCost(o.costTotal)}` : ""}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** The search box and the fold-all controls above the waterfall. */
function WaterfallTools({ query, onQuery, shown, total, onFoldAll, onUnfoldAll, zoom, onZoom, selected, totalMs }: {
  query: string;
  onQuery: (q: string) => void;
  shown: number;
  total: number;
  onFoldAll: () => void;
  onUnfoldAll: () => void;
  zoom: ZoomWindow;
  onZoom: (w: ZoomWindow) => void;
  selected: WaterfallRow | undefined;
  totalMs: number;
}) {
  return (
    <div className="form-row wf-tools">
      <label>
        Search this trace
        <input type="search" value={query} onChange={(e) => onQuery(e.target.value)} placeholder="name, model or text in a payload" />
      </label>
      <button type="button" className="btn" onClick={onFoldAll}>
        Fold all
      </button>
      <button type="button" className="btn" onClick={onUnfoldAll}>
        Unfold all
      </button>
      <span className="wf-zoom" role="group" aria-label="Time axis zoom (keys: + to the selected observation, - out, 0 whole trace)">
        <button type="button" className="btn" disabled={!selected} onClick={() => selected && onZoom(zoomToBar(selected.offset, selected.width))}>
          Zoom to selected
        </button>
        <button type="button" className="btn" disabled={!isZoomed(zoom)} onClick={() => onZoom(zoomOut(zoom))}>
          Zoom out
        </button>
        <button type="button" className="btn" disabled={!isZoomed(zoom)} onClick={() => onZoom(FULL_VIEW)}>
          Whole trace
        </button>
        {isZoomed(zoom) ? (
          <span className="muted small" role="status">
            Showing +{formatDuration(zoom.from * totalMs)} to +{formatDuration(zoom.to * totalMs)}
          </span>
        ) : null}
      </span>
      <span className="muted small" role="status">
        {query.trim() ? `${shown === 0 ? "No" : shown} observation${shown === 1 ? "" : "s"} match` : `${total} observation${total === 1 ? "" : "s"}`}
      </span>
    </div>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function ObservationPanel({ row }: { row: WaterfallRow }) {
  const o = row.observation;
  const hasUsage = o.usageInput !== null || o.usageOutput !== null || o.usageTotal !== null;
  return (
    <section className="card obs-panel" aria-label={`Observation ${o.name}`}>
      <h2>
        {o.name} <span className={`wf-type type-${o.type}`}>{o.type}</span> <span className={levelBadge[o.level] ?? "badge"}>{o.level}</span>
      </h2>
      {o.level === "ERROR" ? (
        <div className="alert alert-error" role="alert">
          {o.statusMessage ?? "This observation ended with an error."}
        </div>
      ) : o.statusMessage ? (
        <p className="muted">{o.statusMessage}</p>
      ) : null}
      <dl className="obs-fields">
        <Field label="Start">{formatTimestamp(o.startTime)} (+{formatDuration(row.startMs)})</Field>
        <Field label="Duration">{row.durationMs === null ? "no end recorded" : formatDuration(row.durationMs)}</Field>
        {o.model ? <Field label="Model">{o.model}{o.provider ? ` (${o.provider})` : ""}</Field> : null}
        {hasUsage ? (
          <Field label="Tokens">
            {formatTokens(o.usageInput ?? 0)} in · {formatTokens(o.usageOutput ?? 0)} out · {formatTokens(o.usageTotal ?? 0)} total
            {o.usageCacheRead ? ` · ${formatTokens(o.usageCacheRead)} cache read` : ""}
          </Field>
        ) : null}
        {o.costTotal !== null ? (
          <Field label="Cost">
            {formatCost(o.costTotal)} <span className="muted small">({o.costSource === "computed" ? `computed from ${o.priceId ?? "price list"}` : "sent by the client"})</span>
          </Field>
        ) : null}
        <Field label="Id">
          <span className="mono">{o.id}</span>
        </Field>
      </dl>
      {o.modelParameters && Object.keys(o.modelParameters).length > 0 ? <PayloadView label="Model parameters" value={o.modelParameters} /> : null}
      <PayloadView label="Input" value={o.input} />
      <PayloadView label="Output" value={o.output} />
      {o.events.length > 0 ? (
        <section className="payload" aria-label="Events">
          <h3>Events</h3>
          <ul className="obs-events">
            {o.events.map((e, i) => (
              <li key={i} className={e.name === "exception" ? "event-exception" : undefined}>
                <strong>{e.name}</strong> <span className="muted small">{formatTimestamp(e.time)}</span>
                {Object.keys(e.attributes).length > 0 ? <pre className="json">{JSON.stringify(e.attributes, null, 2)}</pre> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <details className="payload">
        <summary>Attributes</summary>
        <pre className="json">{JSON.stringify(o.metadata, null, 2)}</pre>
      </details>
    </section>
  );
}

function ScoresList({ scores, observations }: { scores: ScoreView[]; observations: ObservationView[] }) {
  if (scores.length === 0) return <p className="muted small">No scores yet.</p>;
  const names = new Map(observations.map((o) => [o.id, o.name]));
  // In its own scrolling container: on a phone a long comment must not widen the page.
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Score table">
      <table className="scores-table">
        <thead>
          <tr>
            <th scope="col">Score</th>
            <th scope="col">Value</th>
            <th scope="col">On</th>
            <th scope="col">Source</th>
            <th scope="col">Comment</th>
          </tr>
        </thead>
        <tbody>
          {scores.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td className="num">{scoreValueText(s)}</td>
              <td>{s.observationId ? names.get(s.observationId) ?? s.observationId : "trace"}</td>
              <td>
                <span className="badge">{s.source}</span>
              </td>
              <td className="small">{s.comment ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The selected observation goes into the URL (`?span=`), so a link opens the trace on it. */
function spanInUrl(id: string) {
  const url = new URL(window.location.href);
  url.searchParams.set("span", id);
  url.searchParams.delete("observation");
  window.history.replaceState(window.history.state, "", url);
}

/** `initialObservationId` (`?span=`, or a judgment's `?observation=` link) selects that observation on first render. */
export function TraceViewer({ trace, canScore, initialObservationId }: { trace: TraceView; canScore: boolean; initialObservationId?: string | null }) {
  const waterfall = useMemo(() => buildWaterfall(trace.observations), [trace.observations]);
  const [selectedId, setSelectedId] = useState<string | null>(
    () => waterfall.rows.find((r) => r.observation.id === initialObservationId)?.observation.id ?? waterfall.rows[0]?.observation.id ?? null,
  );
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [query, setQuery] = useState("");
  const [zoom, setZoom] = useState<ZoomWindow>(FULL_VIEW);
  const shown = useMemo(() => visibleRows(waterfall.rows, collapsed, query), [waterfall.rows, collapsed, query]);
  const row = waterfall.rows.find((r) => r.observation.id === selectedId) ?? waterfall.rows[0];
  const select = (id: string) => {
    setSelectedId(id);
    spanInUrl(id);
  };
  const toggle = (id: string, collapse: boolean) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (collapse) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <div className="grid">
      <section className="card" aria-label="Waterfall" id="waterfall">
        <h2>Waterfall</h2>
        {waterfall.rows.length === 0 ? (
          <p className="muted">This trace has no observations yet.</p>
        ) : (
          <>
            <WaterfallTools
              query={query}
              onQuery={setQuery}
              shown={shown.filter((v) => v.match).length}
              total={waterfall.rows.length}
              onFoldAll={() => setCollapsed(new Set(waterfall.rows.map((r) => r.observation.id)))}
              onUnfoldAll={() => setCollapsed(new Set())}
              zoom={zoom}
              onZoom={setZoom}
              selected={row}
              totalMs={waterfall.totalMs}
            />
            <Waterfall rows={shown} totalMs={waterfall.totalMs} selectedId={row?.observation.id ?? null} onSelect={select} onToggle={toggle} zoom={zoom} onZoom={setZoom} />
          </>
        )}
      </section>
      {row ? <ObservationPanel row={row} /> : null}
      <section className="card" aria-label="Scores">
        <h2>Scores</h2>
        <ScoresList scores={trace.scores} observations={trace.observations} />
        {canScore ? <ScoreForm traceId={trace.id} observationId={row?.observation.id ?? null} observationName={row?.observation.name ?? null} /> : null}
      </section>
    </div>
  );
}
