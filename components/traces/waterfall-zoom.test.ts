// The waterfall's zoom window: bars are placed and clipped in it, and the window stays inside the trace.
import { describe, expect, test } from "vitest";
import { FULL_VIEW, isZoomed, MIN_ZOOM_SPAN, normaliseWindow, placeBar, zoomIn, zoomOut, zoomToBar } from "./waterfall-zoom";

describe("waterfall zoom", () => {
  test("unzoomed, a bar keeps its place; zoomed to it, it fills the track but for the margins", () => {
    expect(placeBar(0.5, 0.01, FULL_VIEW)).toEqual({ left: 0.5, width: expect.closeTo(0.01, 12), clippedStart: false, clippedEnd: false });
    const w = zoomToBar(0.5, 0.01);
    const bar = placeBar(0.5, 0.01, w)!;
    expect(bar.left).toBeCloseTo(0.05 / 1.1, 6);
    expect(bar.width).toBeCloseTo(1 / 1.1, 6);
  });

  test("a bar outside the window is not drawn; one crossing an edge is clipped there", () => {
    const w = { from: 0.4, to: 0.6 };
    expect(placeBar(0.1, 0.1, w)).toBeNull();
    expect(placeBar(0.7, 0.1, w)).toBeNull();
    expect(placeBar(0.3, 0.2, w)).toEqual({ left: 0, width: expect.closeTo(0.5, 9), clippedStart: true, clippedEnd: false });
    expect(placeBar(0, 1, w)).toEqual({ left: 0, width: 1, clippedStart: true, clippedEnd: true });
  });

  test("zooming out doubles the window and stays inside the trace; in halves it; never narrower than the minimum", () => {
    expect(zoomOut({ from: 0.4, to: 0.6 })).toEqual({ from: expect.closeTo(0.3, 9), to: expect.closeTo(0.7, 9) });
    expect(zoomOut({ from: 0, to: 0.2 })).toEqual({ from: 0, to: 0.4 });
    expect(zoomOut({ from: 0.9, to: 1 })).toEqual({ from: expect.closeTo(0.8, 9), to: 1 });
    expect(zoomOut({ from: 0.2, to: 0.8 })).toEqual({ from: 0, to: 1 });
    expect(zoomIn(FULL_VIEW)).toEqual({ from: 0.25, to: 0.75 });
    const tiny = zoomToBar(1, 0);
    expect(tiny.to - tiny.from).toBeCloseTo(MIN_ZOOM_SPAN, 9);
    expect(tiny.to).toBe(1);
    expect(normaliseWindow({ from: 0.7, to: 0.2 })).toEqual({ from: 0.2, to: 0.7 });
    expect(isZoomed(FULL_VIEW)).toBe(false);
    expect(isZoomed(tiny)).toBe(true);
  });
});
