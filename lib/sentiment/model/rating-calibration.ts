// Polarity calibrated on rated text. A long text (read sentence by sentence) and a short one (read whole) come out on
// different polarity scales: on rated reviews a short three-star text reads higher than a long four-star one, so
// pooled rankings mix them up. The calibration (rating-calibration.json, fitted on the dev reviews only by
// scripts/calibrate-sentiment.ts) holds, for each length class, the expected rating at each polarity (isotonic
// regression, so never decreasing); a long text's polarity is moved to the short-text polarity with the same expected
// rating. Short texts, the GoEmotions scale the model was trained on, are left as they are.

/** A knot of a rating curve: [polarity, expected rating at that polarity]. */
export type RatingKnot = [number, number];

export interface RatingCalibration {
  version: string;
  /** The rated texts the curves were fitted on (never the held-out ones). */
  fittedOn: string;
  /** Expected rating by polarity, texts read whole (at most 30 words, or one sentence). */
  short: RatingKnot[];
  /** Expected rating by polarity, texts read sentence by sentence. */
  long: RatingKnot[];
}

export interface RatedPolarity {
  polarity: number;
  rating: number;
  /** Read sentence by sentence (the long-text path of the analyzer). */
  long: boolean;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Isotonic regression of rating on polarity (pool adjacent violators over the distinct polarities): the knots are the
 * pooled blocks' mean polarity and mean rating, strictly increasing in both.
 */
export function fitRatingCurve(points: readonly { polarity: number; rating: number }[]): RatingKnot[] {
  const sorted = [...points].sort((a, b) => a.polarity - b.polarity);
  const blocks: { x: number; y: number; w: number }[] = [];
  for (const p of sorted) {
    const last = blocks[blocks.length - 1];
    if (last && last.x === p.polarity) {
      last.y = (last.y * last.w + p.rating) / (last.w + 1);
      last.w++;
    } else blocks.push({ x: p.polarity, y: p.rating, w: 1 });
    while (blocks.length > 1 && blocks[blocks.length - 2].y >= blocks[blocks.length - 1].y) {
      const b = blocks.pop()!;
      const a = blocks.pop()!;
      const w = a.w + b.w;
      blocks.push({ x: (a.x * a.w + b.x * b.w) / w, y: (a.y * a.w + b.y * b.w) / w, w });
    }
  }
  return blocks.map((b) => [round4(b.x), round4(b.y)]);
}

/** Piecewise-linear interpolation through increasing knots [x, y], flat beyond the ends. */
function interpolate(knots: readonly RatingKnot[], x: number, from: 0 | 1): number {
  const to = from === 0 ? 1 : 0;
  if (x <= knots[0][from]) return knots[0][to];
  const last = knots[knots.length - 1];
  if (x >= last[from]) return last[to];
  let i = 1;
  while (knots[i][from] < x) i++;
  const [a, b] = [knots[i - 1], knots[i]];
  return a[to] + ((x - a[from]) / (b[from] - a[from])) * (b[to] - a[to]);
}

/** Expected rating of a text of the curve's length class at this polarity. */
export const ratingAt = (curve: readonly RatingKnot[], polarity: number) => interpolate(curve, polarity, 0);

/** The polarity at which the curve expects this rating (its inverse; the curve's end polarities beyond its range). */
export const polarityAt = (curve: readonly RatingKnot[], rating: number) => interpolate(curve, rating, 1);

/** A long text's polarity on the short texts' scale: the short-text polarity with the same expected rating. */
export function calibrateLongPolarity(calibration: RatingCalibration, polarity: number): number {
  return polarityAt(calibration.short, ratingAt(calibration.long, polarity));
}

export function fitRatingCalibration(rows: readonly RatedPolarity[], meta: { version: string; fittedOn: string }): RatingCalibration {
  return {
    ...meta,
    short: fitRatingCurve(rows.filter((r) => !r.long)),
    long: fitRatingCurve(rows.filter((r) => r.long)),
  };
}
