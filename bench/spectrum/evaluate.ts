// Accuracy evaluation of the lexicon emotion analyzer against the hand-written
// labelled set in ./data. Run: npx tsx bench/spectrum/evaluate.ts [--split dev|heldout] [--errors]
// Prints JSON. The held-out split must never be used to tune the lexicon
// (see the header of data/heldout.tsv).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LexiconEmotionAnalyzer } from "../../lib/spectrum/lexicon-analyzer";
import { EMOTIONS, type DominantLabel } from "../../lib/spectrum/types";
import { dominantEmotion } from "../../lib/spectrum/vector";

const LABELS: readonly DominantLabel[] = [...EMOTIONS, "neutral"];
const POSITIVE = new Set<DominantLabel>(["joy", "calm", "gratitude"]);
/** |valence| below this counts as "no sign" (expected for neutral texts). */
const VALENCE_DEAD_ZONE = 0.05;

interface Example {
  label: DominantLabel;
  text: string;
}

function dataDir(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), "data");
}

function loadSplit(name: string): Example[] {
  const raw = readFileSync(path.join(dataDir(), `${name}.tsv`), "utf8");
  return raw
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line, i) => {
      const [label, text] = line.split("\t");
      if (!LABELS.includes(label as DominantLabel) || !text) throw new Error(`${name}.tsv row ${i + 1}: bad line`);
      return { label: label as DominantLabel, text };
    });
}

function expectedSign(label: DominantLabel): -1 | 0 | 1 {
  if (label === "neutral") return 0;
  return POSITIVE.has(label) ? 1 : -1;
}

function sign(v: number): -1 | 0 | 1 {
  return Math.abs(v) < VALENCE_DEAD_ZONE ? 0 : v > 0 ? 1 : -1;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function evaluate(examples: Example[], analyzer: LexiconEmotionAnalyzer, withErrors: boolean) {
  const vectors = analyzer.analyzeSync(examples.map((e) => e.text));
  // confusion[label][predicted]
  const confusion = Object.fromEntries(LABELS.map((l) => [l, Object.fromEntries(LABELS.map((p) => [p, 0]))])) as Record<
    DominantLabel,
    Record<DominantLabel, number>
  >;
  let correct = 0;
  let signCorrect = 0;
  let signCorrectNonNeutral = 0;
  let nonNeutral = 0;
  const errors: { text: string; label: DominantLabel; predicted: DominantLabel; valence: number }[] = [];

  examples.forEach((ex, i) => {
    const predicted = dominantEmotion(vectors[i]);
    confusion[ex.label][predicted]++;
    if (predicted === ex.label) correct++;
    else if (withErrors) errors.push({ text: ex.text, label: ex.label, predicted, valence: round(vectors[i].valence) });
    const ok = sign(vectors[i].valence) === expectedSign(ex.label);
    if (ok) signCorrect++;
    if (ex.label !== "neutral") {
      nonNeutral++;
      if (ok) signCorrectNonNeutral++;
    }
  });

  const perLabel = Object.fromEntries(
    LABELS.map((l) => {
      const tp = confusion[l][l];
      const support = LABELS.reduce((s, p) => s + confusion[l][p], 0);
      const predictedCount = LABELS.reduce((s, t) => s + confusion[t][l], 0);
      const precision = predictedCount ? tp / predictedCount : 0;
      const recall = support ? tp / support : 0;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      return [l, { precision: round(precision), recall: round(recall), f1: round(f1), support }];
    }),
  ) as Record<DominantLabel, { precision: number; recall: number; f1: number; support: number }>;
  const present = LABELS.filter((l) => perLabel[l].support > 0);

  return {
    n: examples.length,
    accuracy: round(correct / examples.length),
    macroF1: round(present.reduce((s, l) => s + perLabel[l].f1, 0) / present.length),
    valenceSignAccuracy: round(signCorrect / examples.length),
    valenceSignAccuracyNonNeutral: round(signCorrectNonNeutral / Math.max(1, nonNeutral)),
    perLabel,
    confusionMatrix: { rows: "label", columns: "predicted", labels: LABELS, matrix: LABELS.map((l) => LABELS.map((p) => confusion[l][p])) },
    ...(withErrors ? { errors } : {}),
  };
}

function main(argv: string[]): void {
  const splitArg = argv.includes("--split") ? argv[argv.indexOf("--split") + 1] : undefined;
  const splits = splitArg ? [splitArg] : ["dev", "heldout"];
  const analyzer = new LexiconEmotionAnalyzer();
  const report: Record<string, unknown> = {
    analysisVersion: analyzer.version,
    note: "Hand-written labelled set (see data/*.tsv headers); held-out was not used for tuning. Majority-class baseline is 1/9 = 0.111.",
  };
  for (const split of splits) report[split] = evaluate(loadSplit(split), analyzer, argv.includes("--errors"));
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
}

main(process.argv.slice(2));
