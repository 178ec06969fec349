// Observations → the rows of a waterfall: depth-first order under their parents, placed on the trace's
// shared time axis (offsets and widths as fractions of the trace span).

import type { ObservationView } from "./types";

export interface WaterfallRow {
  observation: ObservationView;
  /** The row it sits under (null for a root, and for an observation whose parent never arrived). */
  parentId: string | null;
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
  const visit = (o: ObservationView, depth: number, parentId: string | null) => {
    if (seen.has(o.id)) return;
    seen.add(o.id);
    const s = start(o) - traceStart;
    const d = o.endTime ? end(o) - start(o) : null;
    rows.push({
      observation: o,
      parentId,
      depth,
      startMs: s,
      durationMs: d,
      offset: totalMs > 0 ? s / totalMs : 0,
      width: totalMs > 0 ? Math.max((d ?? 0) / totalMs, 0) : 1,
    });
    for (const c of children.get(o.id) ?? []) visit(c, depth + 1, o.id);
  };
  for (const root of children.get(null) ?? []) visit(root, 0, null);
  // Cycles (a → b → a) have no root: show what is left flat rather than dropping it.
  for (const o of observations) visit(o, 0, null);
  return { rows, traceStart, totalMs };
}

/** A row as the waterfall shows it: whether it matches the search, and how many rows its collapse hides. */
export interface VisibleRow {
  row: WaterfallRow;
  match: boolean;
  /** Rows below it in the tree (0 for a leaf). */
  descendants: number;
  collapsed: boolean;
}

/** Whether an observation's name, type, model, status or payloads (input, output, attributes) contain `query`. */
export function observationMatches(o: ObservationView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return false;
  const fields = [o.name, o.type, o.model, o.statusMessage, o.id];
  if (fields.some((f) => f?.toLowerCase().includes(q))) return true;
  return [o.input, o.output, o.metadata].some((v) => v !== null && v !== undefined && JSON.stringify(v).toLowerCase().includes(q));
}

/**
 * The rows to draw. Without a search, the rows outside collapsed sub-trees. With one, the matching rows and their
 * ancestors (for context) whatever is collapsed, so a match is never hidden.
 */
export function visibleRows(rows: WaterfallRow[], collapsed: ReadonlySet<string>, query: string): VisibleRow[] {
  // Rows are in depth-first order: a row's descendants are the rows after it that are deeper than it.
  const descendants = rows.map((r, i) => {
    let j = i + 1;
    while (j < rows.length && rows[j].depth > r.depth) j++;
    return j - i - 1;
  });
  const shown = (i: number, match: boolean): VisibleRow => ({
    row: rows[i],
    match,
    descendants: descendants[i],
    collapsed: collapsed.has(rows[i].observation.id) && descendants[i] > 0,
  });
  if (query.trim()) {
    const byId = new Map(rows.map((r) => [r.observation.id, r]));
    const keep = new Set<string>();
    const matches = new Set<string>();
    for (const r of rows) {
      if (!observationMatches(r.observation, query)) continue;
      matches.add(r.observation.id);
      for (let a: WaterfallRow | undefined = r; a && !keep.has(a.observation.id); a = a.parentId ? byId.get(a.parentId) : undefined) keep.add(a.observation.id);
    }
    return rows.flatMap((r, i) => (keep.has(r.observation.id) ? [{ ...shown(i, matches.has(r.observation.id)), collapsed: false }] : []));
  }
  const out: VisibleRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const v = shown(i, false);
    out.push(v);
    if (v.collapsed) i += descendants[i];
  }
  return out;
}
