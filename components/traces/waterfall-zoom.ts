// Zooming the waterfall's time axis: a window [from, to] of the trace's duration (fractions 0..1) that the track
// shows; bars are placed and clipped within it, so a 3 ms tool call inside a 40 s trace becomes visible.

export interface ZoomWindow {
  from: number;
  to: number;
}

export const FULL_VIEW: ZoomWindow = { from: 0, to: 1 };
/** The narrowest window: 0.1% of the trace (a 40 s trace zooms down to 40 ms across the track). */
export const MIN_ZOOM_SPAN = 0.001;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** A window of at least MIN_ZOOM_SPAN, inside [0, 1], keeping its centre where possible. */
export function normaliseWindow(w: ZoomWindow): ZoomWindow {
  let from = clamp01(Math.min(w.from, w.to));
  let to = clamp01(Math.max(w.from, w.to));
  if (to - from < MIN_ZOOM_SPAN) {
    const centre = (from + to) / 2;
    from = centre - MIN_ZOOM_SPAN / 2;
    to = centre + MIN_ZOOM_SPAN / 2;
    if (from < 0) [from, to] = [0, MIN_ZOOM_SPAN];
    if (to > 1) [from, to] = [1 - MIN_ZOOM_SPAN, 1];
  }
  return { from, to };
}

/** The window around one bar, with 5% of its width as margin on each side. */
export function zoomToBar(offset: number, width: number): ZoomWindow {
  const margin = Math.max(width * 0.05, MIN_ZOOM_SPAN / 2);
  return normaliseWindow({ from: offset - margin, to: offset + width + margin });
}

/** Twice as wide around the same centre (shifted back inside the trace at its edges). */
export function zoomOut(w: ZoomWindow): ZoomWindow {
  const span = Math.min(1, (w.to - w.from) * 2);
  const centre = (w.from + w.to) / 2;
  let from = centre - span / 2;
  if (from < 0) from = 0;
  if (from + span > 1) from = 1 - span;
  return { from, to: from + span };
}

/** Half as wide around the same centre. */
export function zoomIn(w: ZoomWindow): ZoomWindow {
  const span = (w.to - w.from) / 2;
  const centre = (w.from + w.to) / 2;
  return normaliseWindow({ from: centre - span / 2, to: centre + span / 2 });
}

export const isZoomed = (w: ZoomWindow) => w.from > 0 || w.to < 1;

/**
 * A bar's place on the zoomed track (fractions of the track), or null when it lies outside the window; `clipped`
 * says which ends are cut, so the bar can show that it goes on.
 */
export function placeBar(offset: number, width: number, w: ZoomWindow): { left: number; width: number; clippedStart: boolean; clippedEnd: boolean } | null {
  const span = w.to - w.from;
  const start = offset;
  const end = offset + width;
  if (end < w.from || start > w.to) return null;
  const left = (Math.max(start, w.from) - w.from) / span;
  const right = (Math.min(end, w.to) - w.from) / span;
  return { left, width: right - left, clippedStart: start < w.from, clippedEnd: end > w.to };
}
