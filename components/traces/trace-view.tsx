"use client";

import { useMemo, useRef, useState, type KeyboardEvent } from "react";
import { formatCost, formatDuration, formatTimestamp, formatTokens } from "@/components/format";
import { levelBadge } from "./level-badge";
import { PayloadView } from "./payload-view";
import { scoreValueText } from "./score-value";
import { ScoreForm } from "./score-form";
import type { ObservationView, ScoreView, TraceView } from "./types";
import { buildWaterfall, type WaterfallRow } from "./waterfall-model";

const TICKS = [0, 0.25, 0.5, 0.75, 1];

function rowTokens(o: ObservationView): string {
  if (o.usageTotal === null && o.usageInput === null && o.usageOutput === null) return "";
  return `${formatTokens(o.usageInput ?? 0)} → ${formatTokens(o.usageOutput ?? 0)}`;
}

function Waterfall({ rows, totalMs, selected, onSelect }: { rows: WaterfallRow[]; totalMs: number; selected: number; onSelect: (i: number) => void }) {
  const listRef = useRef<HTMLDivElement>(null);
  const move = (i: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    onSelect(next);
    listRef.current?.querySelector(`#wf-row-${next}`)?.scrollIntoView({ block: "nearest" });
  };
  const onKey = (e: KeyboardEvent) => {
    const keys: Record<string, number> = { ArrowDown: selected + 1, ArrowUp: selected - 1, Home: 0, End: rows.length - 1, j: selected + 1, k: selected - 1 };
    if (e.key in keys) {
      e.preventDefault();
      move(keys[e.key]);
    }
  };
  return (
    <div className="waterfall">
      <div className="wf-axis" aria-hidden="true">
        <span className="wf-name-col">Observation</span>
        <span className="wf-track">
          {TICKS.map((t) => (
            <span key={t} className="wf-tick" style={{ left: `${t * 100}%` }}>
              {formatDuration(t * totalMs)}
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
        aria-label="Observations (use the up and down arrow keys to move between them)"
        aria-activedescendant={rows.length ? `wf-row-${selected}` : undefined}
        onKeyDown={onKey}
      >
        {rows.map((r, i) => {
          const o = r.observation;
          return (
            <div
              key={`${o.id}`}
              id={`wf-row-${i}`}
              role="option"
              aria-selected={i === selected}
              className={`wf-row${i === selected ? " selected" : ""}`}
              onClick={() => move(i)}
              data-observation-id={o.id}
            >
              <span className="wf-name-col" style={{ paddingLeft: `${r.depth * 14}px` }}>
                <span className={`wf-type type-${o.type}`}>{o.type}</span> <span className="wf-name">{o.name}</span>
                {o.level === "ERROR" || o.level === "WARNING" ? <span className={`${levelBadge[o.level]} wf-level`}>{o.level}</span> : null}
              </span>
              <span className="wf-track">
                <span
                  className={`wf-bar type-${o.type} level-${o.level}${r.durationMs === null ? " open" : ""}`}
                  style={{ left: `${r.offset * 100}%`, width: `max(${r.width * 100}%, 2px)` }}
                  title={`${o.name}: starts at +${formatDuration(r.startMs)}, ${r.durationMs === null ? "no end recorded" : formatDuration(r.durationMs)}`}
                />
                <span
                  className={`wf-duration${r.offset + r.width > 0.8 ? " before" : ""}`}
                  // Near the right edge the label goes before the bar, so it never covers it.
                  style={r.offset + r.width > 0.8 ? { right: `${(1 - r.offset) * 100}%` } : { left: `${(r.offset + r.width) * 100}%` }}
                >
                  {r.durationMs === null ? "open" : formatDuration(r.durationMs)}
                </span>
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
  return (
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
  );
}

/** `initialObservationId` (e.g. from a judgment's link) selects that observation on first render. */
export function TraceViewer({ trace, canScore, initialObservationId }: { trace: TraceView; canScore: boolean; initialObservationId?: string | null }) {
  const waterfall = useMemo(() => buildWaterfall(trace.observations), [trace.observations]);
  const [selected, setSelected] = useState(() => Math.max(0, waterfall.rows.findIndex((r) => r.observation.id === initialObservationId)));
  const row = waterfall.rows[Math.min(selected, waterfall.rows.length - 1)];
  return (
    <div className="grid">
      <section className="card" aria-label="Waterfall">
        <h2>Waterfall</h2>
        {waterfall.rows.length === 0 ? (
          <p className="muted">This trace has no observations yet.</p>
        ) : (
          <Waterfall rows={waterfall.rows} totalMs={waterfall.totalMs} selected={selected} onSelect={setSelected} />
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
