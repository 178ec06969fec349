// Offline training of the sentiment model shipped in lib/sentiment/model/weights.json.
//
//   npx tsx scripts/train-sentiment.ts <dir with GoEmotions train.tsv and dev.tsv (original taxonomy)>
//
// Trains on train.tsv and tunes (L2 strength, the neutral offset, emotion thresholds) on dev.tsv, then refits the
// chosen setting on train + dev for the shipped weights (SENTIMENT_REFIT=0 writes the train-only fit); the test split
// is never read here (bench/sentiment/accuracy.bench.ts scores it). Experiments: SENTIMENT_L2 (comma list),
// SENTIMENT_NB_FLOOR (0 = plain L2), SENTIMENT_MIN_COUNT, SENTIMENT_OUT (another output file). Each candidate is the minimum (to L-BFGS's
// tolerance) of an L2-regularised objective (softmax loss of the polarity head + logistic loss of each emotion head),
// found by full-batch L-BFGS from zero: no random order, so a retrain writes the same file.
//
// It first (re)writes lib/sentiment/model/vader-lexicon.json from the vader-sentiment package's vader_lexicon.txt
// (MIT / Apache-2.0, see lib/sentiment/model/NOTICE.md), the lexicon that the features read.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { EMOTIONS } from "@/lib/spectrum/types";
import { tokenize } from "@/lib/spectrum/text/tokenize";
import type { Features } from "@/lib/sentiment/model/features";
import { hasEmotion, parseGoEmotionsTsv, type LabelledText } from "@/lib/sentiment/model/goemotions";
import { HEADS, logits, readingFromLogits, sigmoid, type LinearModel } from "@/lib/sentiment/model/linear-model";
import { POLARITY_LABELS } from "@/lib/sentiment/types";
import { lbfgs } from "./lib/lbfgs";
import { MODEL_DIR as modelDir, writeModelJson } from "./lib/model-json";

const VERSION = "goemotions-lr-v3";
/** Word features seen in fewer training texts are dropped (lexicon and cue features are always kept). */
const MIN_COUNT = Number(process.env.SENTIMENT_MIN_COUNT ?? 5);
/** The shipped operating point must keep at least this neutral recall on dev (VADER, AFINN and wink-nlp stay below it). */
const MIN_NEUTRAL_RECALL = 0.45;
const L2_GRID = process.env.SENTIMENT_L2 ? process.env.SENTIMENT_L2.split(",").map(Number) : [2e-4, 5e-4];
const NEUTRAL_OFFSETS = Array.from({ length: 49 }, (_, i) => -3 + i * 0.0625);
const MAX_ITERATIONS = 300;
/**
 * Naive-Bayes scaling of the L2 penalty (as NBSVM scales its features, Wang & Manning 2012): a word feature's penalty
 * is divided by the square of |log-count ratio| between the positive and negative training texts (floored at this
 * value, 0 = plain L2), so words that separate the classes are shrunk less. Dev: 0.837 → 0.842 polarity accuracy.
 */
const NB_FLOOR = Number(process.env.SENTIMENT_NB_FLOOR ?? 0.5);
/** Real-valued readings (lexicons, cues): always features, whatever their count. */
const DENSE_RE = /^(lex|cue|vl|vc):/;
const H = HEADS.length;
const E = EMOTIONS.length;

/** The vader-sentiment package's folder (its lexicon and source are read from there). */
function vaderPackageDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve("vader-sentiment/package.json"));
}

/** VADER's lexicon as { token: mean valence }, keeping only entries Spectrum's tokenizer reads as one token. */
function writeVaderLexicon(): boolean {
  const file = path.join(vaderPackageDir(), "vader_lexicon.txt");
  const lexicon: Record<string, number> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [entry, valence] = line.split("\t");
    if (!entry || valence === undefined) continue;
    const tokens = tokenize(entry).sentences.flatMap((s) => s.tokens);
    if (tokens.length === 1 && tokens[0].norm === entry && tokens[0].kind !== "punct") lexicon[entry] = Number(valence);
  }
  return writeModelJson("vader-lexicon.json", lexicon);
}

/**
 * VADER's booster words ("very", "extremely" +0.293; "slightly", "kinda" −0.293) as { token: increment }, read from
 * the BOOSTER_DICT of the vader-sentiment package's source (single-token entries only). Returns whether it changed.
 */
function writeVaderBoosters(): boolean {
  const source = readFileSync(path.join(vaderPackageDir(), "src/vaderSentiment.js"), "utf8");
  const block = /BOOSTER_DICT = \{([^}]*)\}/.exec(source)?.[1];
  const increment = Number(/B_INCR = ([0-9.]+)/.exec(source)?.[1]);
  if (!block || !increment) throw new Error("BOOSTER_DICT not found in vader-sentiment's source");
  const boosters: Record<string, number> = {};
  for (const [, word, kind] of block.matchAll(/^\s*'?([a-z' -]+?)'?: B_(INCR|DECR),?$/gm)) {
    if (/^[a-z]+$/.test(word)) boosters[word] = kind === "INCR" ? increment : -increment;
  }
  return writeModelJson("vader-boosters.json", boosters);
}

interface Example {
  idx: Int32Array;
  val: Float64Array;
  polarity: number; // class index, -1 when excluded
  emotions: Uint8Array;
}

function encode(rows: LabelledText[], feats: Features[], vocab: Map<string, number>): Example[] {
  return rows.map((r, i) => {
    const idx: number[] = [];
    const val: number[] = [];
    for (const [f, v] of feats[i]) {
      const k = vocab.get(f);
      if (k !== undefined) {
        idx.push(k);
        val.push(v);
      }
    }
    return {
      idx: Int32Array.from(idx),
      val: Float64Array.from(val),
      polarity: r.polarity === "excluded" ? -1 : POLARITY_LABELS.indexOf(r.polarity),
      emotions: Uint8Array.from(EMOTIONS.map((e) => (hasEmotion(r.labels, e) ? 1 : 0))),
    };
  });
}

/**
 * Mean loss over the texts (softmax over the polarity classes of the polar and neutral texts; logistic per emotion
 * over every text) + l2/2 ‖w‖² (biases unpenalised). Parameters: features × heads weights, then the heads' biases.
 */
function objective(data: Example[], features: number, l2: number, penalty?: Float64Array) {
  const z = new Float64Array(H);
  const grad = new Float64Array(H);
  const n = data.length;
  return (p: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let loss = 0;
    const biasAt = features * H;
    for (const ex of data) {
      for (let h = 0; h < H; h++) z[h] = p[biasAt + h];
      for (let j = 0; j < ex.idx.length; j++) {
        const o = ex.idx[j] * H;
        const v = ex.val[j];
        for (let h = 0; h < H; h++) z[h] += p[o + h] * v;
      }
      grad.fill(0);
      if (ex.polarity >= 0) {
        const m = Math.max(z[0], z[1], z[2]);
        const e0 = Math.exp(z[0] - m), e1 = Math.exp(z[1] - m), e2 = Math.exp(z[2] - m);
        const s = e0 + e1 + e2;
        const probs = [e0 / s, e1 / s, e2 / s];
        loss -= Math.log(probs[ex.polarity]);
        for (let k = 0; k < 3; k++) grad[k] = probs[k] - (k === ex.polarity ? 1 : 0);
      }
      for (let e = 0; e < E; e++) {
        const x = z[3 + e];
        const y = ex.emotions[e];
        // log(1 + exp(-x)) for y = 1, log(1 + exp(x)) for y = 0, computed stably.
        const t = y ? -x : x;
        loss += t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
        grad[3 + e] = sigmoid(x) - y;
      }
      for (let h = 0; h < H; h++) g[biasAt + h] += grad[h];
      for (let j = 0; j < ex.idx.length; j++) {
        const o = ex.idx[j] * H;
        const v = ex.val[j];
        for (let h = 0; h < H; h++) g[o + h] += grad[h] * v;
      }
    }
    loss /= n;
    for (let i = 0; i < g.length; i++) g[i] /= n;
    for (let i = 0; i < biasAt; i++) {
      const k = penalty ? l2 * penalty[(i / H) | 0] : l2;
      loss += 0.5 * k * p[i] * p[i];
      g[i] += k * p[i];
    }
    return loss;
  };
}

/** Weights rounded as shipped (3 decimals; smaller ones dropped), so dev tuning sees the shipped model. */
const roundWeight = (v: number) => Math.round(v * 1000) / 1000;

function toModel(params: Float64Array, names: string[], neutralOffset: number, thresholds: Record<string, number>): LinearModel {
  const weights = new Map<string, Float64Array>();
  names.forEach((n, f) => {
    const w = Float64Array.from(params.subarray(f * H, f * H + H), roundWeight);
    if (w.some((v) => v !== 0)) weights.set(n, w);
  });
  const bias = Float64Array.from(params.subarray(names.length * H), (v) => Math.round(v * 1e4) / 1e4);
  bias[1] = Math.round((bias[1] + neutralOffset) * 1e4) / 1e4;
  return { version: VERSION, bias, thresholds: thresholds as LinearModel["thresholds"], weights };
}

function evaluate(model: LinearModel, rows: LabelledText[], feats: Features[]) {
  let polar = 0, polarOk = 0, three = 0, threeOk = 0, neutral = 0, neutralOk = 0;
  rows.forEach((r, i) => {
    if (r.polarity === "excluded") return;
    const reading = readingFromLogits(model, logits(model, feats[i]));
    three++;
    if (reading.label === r.polarity) threeOk++;
    if (r.polarity !== "neutral") {
      polar++;
      if (reading.label === r.polarity) polarOk++;
    } else {
      neutral++;
      if (reading.label === "neutral") neutralOk++;
    }
  });
  return { polarAccuracy: polarOk / polar, threeClassAccuracy: threeOk / three, neutralRecall: neutralOk / neutral };
}

function tuneThresholds(model: LinearModel, rows: LabelledText[], feats: Features[]): Record<string, number> {
  const z = feats.map((f) => logits(model, f));
  const out: Record<string, number> = {};
  EMOTIONS.forEach((e, i) => {
    let best = { t: 0.5, f1: -1 };
    for (let step = 2; step < 38; step++) {
      const t = step / 40;
      let tp = 0, fp = 0, fn = 0;
      rows.forEach((r, j) => {
        const pred = sigmoid(z[j][3 + i]) >= t;
        const gold = hasEmotion(r.labels, e);
        if (pred && gold) tp++;
        else if (pred) fp++;
        else if (gold) fn++;
      });
      const f1 = (2 * tp) / (2 * tp + fp + fn || 1);
      if (f1 > best.f1) best = { t, f1 };
    }
    out[e] = best.t;
  });
  return out;
}

interface Prepared {
  names: string[];
  data: Example[];
  /** Per-feature multiplier of the L2 penalty (naive-Bayes scaling), or undefined for a plain L2. */
  penalty?: Float64Array;
}

/** The vocabulary (word features in ≥ MIN_COUNT texts, every dense reading) and the encoded examples. */
function prepare(rows: LabelledText[], feats: Features[]): Prepared {
  const df = new Map<string, number>();
  for (const f of feats) for (const k of f.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const names = [...df].filter(([f, n]) => n >= MIN_COUNT || DENSE_RE.test(f)).map(([f]) => f).sort();
  const data = encode(rows, feats, new Map(names.map((n, i) => [n, i])));
  if (!NB_FLOOR) return { names, data };
  const pos = new Float64Array(names.length).fill(1), neg = new Float64Array(names.length).fill(1);
  let np = 1, nn = 1;
  for (const ex of data) {
    if (ex.polarity !== 0 && ex.polarity !== 2) continue;
    const c = ex.polarity === 2 ? pos : neg;
    if (ex.polarity === 2) np++;
    else nn++;
    for (const k of ex.idx) c[k]++;
  }
  const penalty = Float64Array.from(names, (n, k) => (DENSE_RE.test(n) ? 1 : 1 / Math.max(Math.abs(Math.log(pos[k] / np / (neg[k] / nn))), NB_FLOOR) ** 2));
  return { names, data, penalty };
}

function fit(p: Prepared, l2: number): Float64Array {
  return lbfgs(objective(p.data, p.names.length, l2, p.penalty), new Float64Array((p.names.length + 1) * H), { maxIterations: MAX_ITERATIONS });
}

async function main() {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: npx tsx scripts/train-sentiment.ts <GoEmotions data dir>");
  if (writeVaderLexicon()) console.error("wrote lib/sentiment/model/vader-lexicon.json");
  if (writeVaderBoosters()) console.error("wrote lib/sentiment/model/vader-boosters.json");
  // Imported after the lexicon is written: the features read it at load.
  const { textFeatures } = await import("@/lib/sentiment/model/features");
  const trainRows = parseGoEmotionsTsv(readFileSync(path.join(dir, "train.tsv"), "utf8"));
  const devRows = parseGoEmotionsTsv(readFileSync(path.join(dir, "dev.tsv"), "utf8"));
  const trainFeats = trainRows.map((r) => textFeatures(r.text));
  const devFeats = devRows.map((r) => textFeatures(r.text));
  const train = prepare(trainRows, trainFeats);
  console.error(`train ${trainRows.length} texts, dev ${devRows.length}, ${train.names.length} features`);
  const defaultThresholds = Object.fromEntries(EMOTIONS.map((e) => [e, 0.5]));
  let best: { l2: number; offset: number; score: number; params: Float64Array } | undefined;
  for (const l2 of L2_GRID) {
    const params = fit(train, l2);
    for (const offset of NEUTRAL_OFFSETS) {
      const r = evaluate(toModel(params, train.names, offset, defaultThresholds), devRows, devFeats);
      // Highest polar accuracy (a neutral answer on a polar text is wrong) among the operating points that still
      // call enough neutral texts neutral: a model that never says neutral would otherwise win.
      const score = r.neutralRecall >= MIN_NEUTRAL_RECALL ? r.polarAccuracy : -1;
      if (Number.isInteger(offset * 2)) console.error(JSON.stringify({ l2, offset, polar: r.polarAccuracy.toFixed(4), three: r.threeClassAccuracy.toFixed(4), neutralRecall: r.neutralRecall.toFixed(4) }));
      if (!best || score > best.score) best = { l2, offset, score, params };
    }
  }
  if (!best) throw new Error("no model trained");
  const draft = toModel(best.params, train.names, best.offset, defaultThresholds);
  const thresholds = tuneThresholds(draft, devRows, devFeats);
  let model = toModel(best.params, train.names, best.offset, thresholds);
  const dev = evaluate(model, devRows, devFeats);
  console.error(JSON.stringify({ chosen: { l2: best.l2, offset: best.offset }, dev, thresholds }));
  if (process.env.SENTIMENT_REFIT !== "0") {
    // The shipped weights: the chosen setting refitted on train + dev (the test split is still never read).
    const all = prepare([...trainRows, ...devRows], [...trainFeats, ...devFeats]);
    model = toModel(fit(all, best.l2), all.names, best.offset, thresholds);
    console.error(`refitted on train + dev: ${all.names.length} features`);
  }

  const weights: Record<string, number[]> = {};
  for (const [name, w] of model.weights) {
    const pairs: number[] = [];
    w.forEach((v, h) => {
      if (v !== 0) pairs.push(h, v);
    });
    weights[name] = pairs;
  }
  const file = { version: VERSION, bias: [...model.bias], thresholds, weights };
  const out = process.env.SENTIMENT_OUT ?? path.join(modelDir, "weights.json");
  writeFileSync(out, JSON.stringify(file) + "\n");
  console.error(`wrote ${out}: ${Object.keys(weights).length} features`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
