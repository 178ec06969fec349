// The dev-only comparison behind the long-text reading (bench/sentiment/README.md, "Long-text reading v2"): each
// variant's Spearman rho with the ratings within the long dev reviews, pooled after a calibration fitted on all of
// dev, and pooled over 50 random halvings of dev (calibration fitted on one half, scored on the other):
//
//   npx tsx scripts/compare-long-text-readings.ts
//
// Reads bench/sentiment/data/clothing-reviews-dev.tsv only; the held-out reviews are scored by
// `npx tsx bench/run.ts sentiment/ratings`. Checks first that its "chosen" variant is the shipped analyzer's reading.
import { hasExcess, hasUnfulfilledHope, UNFULFILLED_HOPE_SCALE } from "@/lib/sentiment/complaint-cues";
import { longTextSentences, uncalibratedSentimentAnalyzer } from "@/lib/sentiment/local-analyzer";
import { textFeatures } from "@/lib/sentiment/model/features";
import { loadModel, logits, softmax3 } from "@/lib/sentiment/model/linear-model";
import weights from "@/lib/sentiment/model/weights.json";
import { calibrateLongPolarity, fitRatingCalibration, type RatedPolarity } from "@/lib/sentiment/model/rating-calibration";
import { spearman } from "@/lib/sentiment/stats";
import { lexiconAnalyzer } from "@/lib/spectrum/lexicon-analyzer";
import { loadClothingReviews } from "../bench/sentiment/reviews";

interface Sentence { text: string; model: number; neutral: number; lexicon: number; cue: boolean }
interface Review { rating: number; whole: number; wholeLexicon: number; sentences: Sentence[] | null }

interface Variant {
  hope: boolean;
  excess: boolean;
  /** Shares of the sentences' model mean, the lexicon's mean over sentences with a cue, the lexicon on the whole text. */
  shares: [number, number, number];
  hopeScale?: number;
  last?: number;
  first?: number;
  /** Weight of a sentence opening with a contrast word; the sentence before it is divided by the same. */
  contrast?: number;
  /** Model sentences weighted by (1 − p(neutral))^confidence. */
  confidence?: number;
}

const CONTRAST_START_RE = /^\s*(?:but|however|although|though|yet|unfortunately|sadly)\b/i;
const analyzer = uncalibratedSentimentAnalyzer();
const model = loadModel(weights);
const reviews: Review[] = loadClothingReviews("dev").map(({ text, rating }) => {
  const sentences = longTextSentences(text);
  return {
    rating,
    whole: analyzer.analyzeOne(text).polarity,
    wholeLexicon: lexiconAnalyzer().analyzeWithEvidence(text).vector.valence,
    sentences: sentences?.map((s) => {
      const r = analyzer.analyzeOne(s);
      const { vector, evidence } = lexiconAnalyzer().analyzeWithEvidence(s);
      return { text: s, model: r.polarity, neutral: softmax3(logits(model, textFeatures(s)))[1], lexicon: vector.valence, cue: evidence > 0 };
    }) ?? null,
  };
});

function withCues(v: Variant, s: Sentence, polarity: number): number {
  let p = polarity;
  if (v.hope && p > 0 && hasUnfulfilledHope(s.text)) p *= v.hopeScale ?? UNFULFILLED_HOPE_SCALE;
  if (v.excess && hasExcess(s.text)) p = Math.min(p, 0);
  return p;
}

function readLong(v: Variant, review: Review, sentences: Sentence[]): number {
  const n = sentences.length;
  const weight = sentences.map((s, i) => {
    let w = (i === n - 1 ? v.last ?? 1 : 1) * (i === 0 ? v.first ?? 1 : 1);
    if (CONTRAST_START_RE.test(s.text)) w *= v.contrast ?? 1;
    if (i + 1 < n && CONTRAST_START_RE.test(sentences[i + 1].text)) w /= v.contrast ?? 1;
    return w;
  });
  const modelWeight = sentences.map((s, i) => weight[i] * (1 - s.neutral) ** (v.confidence ?? 0));
  let model = 0, modelW = 0, lexicon = 0, lexiconW = 0;
  sentences.forEach((s, i) => {
    model += modelWeight[i] * withCues(v, s, s.model);
    modelW += modelWeight[i];
    if (!s.cue) return;
    lexicon += weight[i] * withCues(v, s, s.lexicon);
    lexiconW += weight[i];
  });
  const [a, b, c] = v.shares;
  return Math.round((a * (model / modelW) + b * (lexiconW ? lexicon / lexiconW : 0) + c * review.wholeLexicon) * 1e4) / 1e4;
}

const readAll = (v: Variant) => reviews.map((r) => (r.sentences ? readLong(v, r, r.sentences) : r.whole));
const rho = (xs: number[], ys: number[]) => spearman(xs, ys).rho!;

/** Rho over the `scored` reviews after a calibration fitted on the `fitted` ones. */
function pooled(polarity: number[], fitted: (i: number) => boolean, scored: (i: number) => boolean): number {
  const rows: RatedPolarity[] = reviews.map((r, i) => ({ polarity: polarity[i], rating: r.rating, long: r.sentences !== null }));
  const cal = fitRatingCalibration(rows.filter((_, i) => fitted(i)), { version: "", fittedOn: "" });
  const kept = rows.filter((_, i) => scored(i));
  return rho(kept.map((r) => (r.long ? calibrateLongPolarity(cal, r.polarity) : r.polarity)), kept.map((r) => r.rating));
}

/** Fixed pseudo-random halvings (a linear congruential generator), so reruns print the same figures. */
function halvings(n: number, count: number): boolean[][] {
  let state = 1;
  const next = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () => {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const first = new Array<boolean>(n).fill(false);
    for (const i of order.slice(0, n >> 1)) first[i] = true;
    return first;
  });
}

const splits = halvings(reviews.length, 50);
const ratings = reviews.map((r) => r.rating);
const isLong = (i: number) => reviews[i].sentences !== null;

function row(name: string, v: Variant): string {
  const p = readAll(v);
  const long = rho(p.filter((_, i) => isLong(i)), ratings.filter((_, i) => isLong(i)));
  const inSample = pooled(p, () => true, () => true);
  const halved = splits.reduce((s, half) => s + pooled(p, (i) => half[i], (i) => !half[i]), 0) / splits.length;
  return `| ${name} | ${long.toFixed(3)} | ${inSample.toFixed(3)} | ${halved.toFixed(3)} |`;
}

const chosen: Variant = { hope: true, excess: true, shares: [0.4, 0.4, 0.2] };
const shipped = readAll(chosen);
loadClothingReviews("dev").forEach(({ text }, i) => {
  if (analyzer.analyzeOne(text).polarity !== shipped[i]) throw new Error(`the "chosen" variant is not the analyzer's reading of dev review ${i}`);
});

const v1: Variant = { hope: false, excess: false, shares: [0.5, 0.5, 0] };
console.log(["| long-text reading (dev) | long | pooled, in-sample | pooled, 50 halvings |", "| --- | --- | --- | --- |",
  row("v1: 0.5 model + 0.5 sentence lexicon", v1),
  row("+ unfulfilled hope", { ...v1, hope: true }),
  row("+ excess", { ...v1, excess: true }),
  row("+ both cues", { ...v1, hope: true, excess: true }),
  row("v1 + whole-text lexicon (0.4 / 0.4 / 0.2), no cue", { ...v1, shares: [0.4, 0.4, 0.2] }),
  row("both cues + whole-text lexicon (0.4 / 0.4 / 0.2), chosen", chosen),
  ...[-0.5, -1].map((hopeScale) => row(`chosen, unfulfilled hope scaled ${hopeScale}`, { ...chosen, hopeScale })),
  ...([[0.5, 0.3, 0.2], [0.5, 0.4, 0.1], [0.3, 0.4, 0.3]] as const).map((s) => row(`chosen, shares ${s.join(" / ")}`, { ...chosen, shares: [...s] })),
  ...[1.5, 2].map((last) => row(`chosen + last sentence ${last}x`, { ...chosen, last })),
  ...[1.5, 2].map((first) => row(`chosen + first sentence ${first}x`, { ...chosen, first })),
  ...[1.5, 2].map((contrast) => row(`chosen + sentence opening with a contrast ${contrast}x`, { ...chosen, contrast })),
  ...[0.5, 1].map((confidence) => row(`chosen + model sentences weighted (1 - p(neutral))^${confidence}`, { ...chosen, confidence })),
].join("\n"));
