// Observations → the rows of a waterfall: depth-first order under their parents, placed on the trace's
// shared time axis (offsets and widths as fractions of the trace span).

import type { ObservationView } from "./types";

export interface WaterfallRow {
  observation: ObservationView;
  depth: number;
  startMs: number;
  durationMs: number | null;
  offset: number;
  width: number;
}

export interface Waterfall {
  rows: WaterfallRow[];
  traceStart: number;
  totalMs: number;
}

export function buildWaterfall(observations: ObservationView[]): Waterfall {
  if (observations.length === 0) return { rows: [], traceStart: 0, totalMs: 0 };
  const start = (o: ObservationView) => Date.parse(o.startTime);
  const end = (o: ObservationView) => (o.endTime ? Date.parse(o.endTime) : start(o));
  const traceStart = Math.min(...observations.map(start));
  const traceEnd = Math.max(...observations.map(end));
  const totalMs = Math.max(traceEnd - traceStart, 0);
  const ids = new Set(observations.map((o) => o.id));
  const children = new Map<string | null, ObservationView[]>();
  for (const o of observations) {
    // A parent that never arrived makes its children roots, rather than hiding them.
    const parent = o.parentObservationId && ids.has(o.parentObservationId) && o.parentObservationId !== o.id ? o.parentObservationId : null;
    children.set(parent, [...(children.get(parent) ?? []), o]);
  }
  for (const list of children.values()) list.sort((a, b) => start(a) - start(b) || a.id.localeCompare(b.id));
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (o: ObservationView, depth: number) => {
    if (seen.has(o.id)) return;
    seen.add(o.id);
    const s = start(o) - traceStart;
    const d = o.endTime ? end(o) - start(o) : null;
    rows.push({
      observation: o,
      depth,
      startMs: s,
      durationMs: d,
      offset: totalMs > 0 ? s / totalMs : 0,
      width: totalMs > 0 ? Math.max((d ?? 0) / totalMs, 0) : 1,
    });
    for (const c of children.get(o.id) ?? []) visit(c, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  // Cycles (a → b → a) have no root: show what is left flat rather than dropping it.
  for (const o of observations) visit(o, 0);
  return { rows, traceStart, totalMs };
}
