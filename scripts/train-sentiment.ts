// Offline training of the sentiment model shipped in lib/sentiment/model/weights.json.
//
//   npx tsx scripts/train-sentiment.ts <dir with GoEmotions train.tsv and dev.tsv (original taxonomy)>
//
// Trains on train.tsv only and tunes (L2 strength, epochs, the neutral offset, emotion thresholds) on dev.tsv; the
// test split is never read here (bench/sentiment/compare.ts scores it). Deterministic: a seeded shuffle.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EMOTIONS } from "@/lib/spectrum/types";
import { textFeatures } from "@/lib/sentiment/model/features";
import { hasEmotion, parseGoEmotionsTsv, type LabelledText } from "@/lib/sentiment/model/goemotions";
import { HEADS, logits, readingFromLogits, sigmoid, softmax3, type LinearModel } from "@/lib/sentiment/model/linear-model";
import { POLARITY_LABELS } from "@/lib/sentiment/types";

const VERSION = "goemotions-lr-v1";
const MIN_COUNT = 3;
/** The shipped operating point must keep at least this neutral recall on dev (VADER, AFINN and wink-nlp stay below it). */
const MIN_NEUTRAL_RECALL = 0.45;
const H = HEADS.length;

interface Example {
  x: [number, number][];
  polarity: number; // class index, -1 when excluded
  emotions: boolean[];
}

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function encode(rows: LabelledText[], vocab: Map<string, number>): Example[] {
  return rows.map((r) => {
    const x: [number, number][] = [];
    for (const [f, v] of textFeatures(r.text)) {
      const i = vocab.get(f);
      if (i !== undefined) x.push([i, v]);
    }
    return {
      x,
      polarity: r.polarity === "excluded" ? -1 : POLARITY_LABELS.indexOf(r.polarity),
      emotions: EMOTIONS.map((e) => hasEmotion(r.labels, e)),
    };
  });
}

function train(data: Example[], features: number, l2: number, epochs: number) {
  const w = new Float64Array(features * H);
  const g2 = new Float64Array(features * H).fill(1e-8);
  const b = new Float64Array(H);
  const gb = new Float64Array(H).fill(1e-8);
  const rand = mulberry32(42);
  const order = data.map((_, i) => i);
  const lr = 0.2;
  const grad = new Float64Array(H);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const idx of order) {
      const ex = data[idx];
      const z = Float64Array.from(b);
      for (const [f, v] of ex.x) for (let h = 0; h < H; h++) z[h] += w[f * H + h] * v;
      grad.fill(0);
      if (ex.polarity >= 0) {
        const p = softmax3(z);
        for (let k = 0; k < 3; k++) grad[k] = p[k] - (k === ex.polarity ? 1 : 0);
      }
      for (let e = 0; e < EMOTIONS.length; e++) grad[3 + e] = sigmoid(z[3 + e]) - (ex.emotions[e] ? 1 : 0);
      for (let h = 0; h < H; h++) {
        if (grad[h] === 0) continue;
        gb[h] += grad[h] * grad[h];
        b[h] -= (lr * grad[h]) / Math.sqrt(gb[h]);
      }
      for (const [f, v] of ex.x) {
        for (let h = 0; h < H; h++) {
          const k = f * H + h;
          const g = grad[h] * v + l2 * w[k];
          if (g === 0) continue;
          g2[k] += g * g;
          w[k] -= (lr * g) / Math.sqrt(g2[k]);
        }
      }
    }
  }
  return { w, b };
}

function toModel(trained: { w: Float64Array; b: Float64Array }, names: string[], neutralOffset: number, thresholds: Record<string, number>): LinearModel {
  const weights = new Map<string, Float64Array>();
  names.forEach((n, f) => weights.set(n, trained.w.subarray(f * H, f * H + H)));
  const bias = Float64Array.from(trained.b);
  bias[1] += neutralOffset;
  return { version: VERSION, bias, thresholds: thresholds as LinearModel["thresholds"], weights };
}

function evaluate(model: LinearModel, rows: LabelledText[]) {
  let polar = 0, polarOk = 0, three = 0, threeOk = 0, neutral = 0, neutralOk = 0;
  const counts = EMOTIONS.map(() => ({ tp: 0, fp: 0, fn: 0 }));
  for (const r of rows) {
    const reading = readingFromLogits(model, logits(model, textFeatures(r.text)));
    if (r.polarity !== "excluded") {
      three++;
      if (reading.label === r.polarity) threeOk++;
      if (r.polarity !== "neutral") {
        polar++;
        if (reading.label === r.polarity) polarOk++;
      } else {
        neutral++;
        if (reading.label === "neutral") neutralOk++;
      }
    }
    EMOTIONS.forEach((e, i) => {
      const gold = hasEmotion(r.labels, e);
      const pred = reading.detected.includes(e);
      if (gold && pred) counts[i].tp++;
      else if (pred) counts[i].fp++;
      else if (gold) counts[i].fn++;
    });
  }
  return { polarAccuracy: polarOk / polar, threeClassAccuracy: threeOk / three, neutralRecall: neutralOk / neutral, counts };
}

function tuneThresholds(model: LinearModel, rows: LabelledText[]): Record<string, number> {
  const probs = rows.map((r) => logits(model, textFeatures(r.text)));
  const out: Record<string, number> = {};
  EMOTIONS.forEach((e, i) => {
    let best = { t: 0.5, f1: -1 };
    for (let t = 0.05; t < 0.95; t += 0.025) {
      let tp = 0, fp = 0, fn = 0;
      rows.forEach((r, j) => {
        const pred = sigmoid(probs[j][3 + i]) >= t;
        const gold = hasEmotion(r.labels, e);
        if (pred && gold) tp++;
        else if (pred) fp++;
        else if (gold) fn++;
      });
      const f1 = (2 * tp) / (2 * tp + fp + fn || 1);
      if (f1 > best.f1) best = { t: Math.round(t * 1000) / 1000, f1 };
    }
    out[e] = best.t;
  });
  return out;
}

function main() {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: npx tsx scripts/train-sentiment.ts <GoEmotions data dir>");
  const trainRows = parseGoEmotionsTsv(readFileSync(path.join(dir, "train.tsv"), "utf8"));
  const devRows = parseGoEmotionsTsv(readFileSync(path.join(dir, "dev.tsv"), "utf8"));
  const df = new Map<string, number>();
  for (const r of trainRows) for (const f of textFeatures(r.text).keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const names = [...df].filter(([f, n]) => n >= MIN_COUNT || f.startsWith("lex:") || f.startsWith("cue:")).map(([f]) => f);
  const vocab = new Map(names.map((n, i) => [n, i]));
  const data = encode(trainRows, vocab);
  console.error(`train ${trainRows.length} texts, dev ${devRows.length}, ${names.length} features`);

  const half = EMOTIONS.map(() => 0.5);
  const defaultThresholds = Object.fromEntries(EMOTIONS.map((e, i) => [e, half[i]]));
  let best: { l2: number; epochs: number; offset: number; score: number; trained: ReturnType<typeof train> } | undefined;
  for (const l2 of [1e-4]) {
    for (const epochs of [2, 3]) {
      const trained = train(data, names.length, l2, epochs);
      for (const offset of [-2, -1.75, -1.5, -1.25, -1, -0.75, -0.5]) {
        const r = evaluate(toModel(trained, names, offset, defaultThresholds), devRows);
        // Highest polar accuracy (a neutral answer on a polar text is wrong) among the operating points that still
        // call enough neutral texts neutral: a model that never says neutral would otherwise win.
        const score = r.neutralRecall >= MIN_NEUTRAL_RECALL ? r.polarAccuracy : -1;
        console.error(JSON.stringify({ l2, epochs, offset, polar: r.polarAccuracy.toFixed(4), three: r.threeClassAccuracy.toFixed(4), neutralRecall: r.neutralRecall.toFixed(4) }));
        if (!best || score > best.score) best = { l2, epochs, offset, score, trained };
      }
    }
  }
  if (!best) throw new Error("no model trained");
  const draft = toModel(best.trained, names, best.offset, defaultThresholds);
  const thresholds = tuneThresholds(draft, devRows);
  const model = toModel(best.trained, names, best.offset, thresholds);
  const dev = evaluate(model, devRows);
  console.error(JSON.stringify({ chosen: { l2: best.l2, epochs: best.epochs, offset: best.offset }, dev: { polar: dev.polarAccuracy, three: dev.threeClassAccuracy }, thresholds }));

  // Ship: weights rounded to 2 decimals, near-zero ones dropped.
  const weights: Record<string, number[]> = {};
  for (const [name, w] of model.weights) {
    const pairs: number[] = [];
    w.forEach((v, h) => {
      const r = Math.round(v * 100) / 100;
      if (Math.abs(r) >= 0.05) pairs.push(h, r);
    });
    if (pairs.length > 0) weights[name] = pairs;
  }
  const file = { version: VERSION, bias: [...model.bias].map((v) => Math.round(v * 1e4) / 1e4), thresholds, weights };
  const out = path.join(import.meta.dirname, "../lib/sentiment/model/weights.json");
  writeFileSync(out, JSON.stringify(file) + "\n");
  console.error(`wrote ${out}: ${Object.keys(weights).length} features`);
}

main();
