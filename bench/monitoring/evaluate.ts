/**
 * Scores Prism's anomaly detector on the real Numenta Anomaly Benchmark (58 series, 116 labelled windows;
 * data/nab.json.gz, see data/NAB-NOTICE.md) and on the synthetic set (data/synthetic.json), next to baselines
 * run in the same process, and prints markdown tables.
 *
 *   npx tsx bench/monitoring/evaluate.ts [--json]
 *
 * Protocol (streaming): each series is revealed in 20 steps through `detectAnomalies` (the function behind
 * POST /api/v1/monitoring/detect), with `since` = the first new point of the step; only the newest step's
 * detections count. Prism's detections are its alerts: the first point of each incident that opens in the step
 * (an anomalous point inside an incident's refractory period joins that incident instead of raising another
 * alert, as HTM and ARTime suppress detections after an alert). NAB scores detections point by point, so every
 * alert is a point. Baselines are causal and every point past their threshold is a detection. Prism's threshold
 * (surprise 5 at "medium"), tests and refractory period were chosen on NAB; the synthetic set was not used for
 * tuning, so its table shows how the choices carry over. The rolling Gaussian's threshold is the best of a sweep
 * on each set (an advantage Prism does not get); the rolling z-score uses |z| >= 4 over the previous week, fixed.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { detectAnomalies } from "../../lib/monitoring/anomaly/detect";
import { NAB_PROFILES, type LabelledRun, nabRawScore, normaliseNab, windowEvents, type EventCounts } from "../../lib/monitoring/eval/nab";
import { sensitivityMultiplier, thresholdFor, type Sensitivity } from "../../lib/monitoring/anomaly/sensitivity";
import { toMillis, type SeriesPoint } from "../../lib/monitoring/shared/series";
import { rollingGaussianSurprise, rollingZScore } from "./baseline";
import { loadNab, type NabSeries } from "./nab/corpus";

const STEPS = 20;
const here = path.dirname(fileURLToPath(import.meta.url));

interface Labelled extends NabSeries {
  points: SeriesPoint[];
}

function syntheticSet(): Labelled[] {
  const corpus = JSON.parse(readFileSync(path.join(here, "data", "synthetic.json"), "utf8")) as {
    series: { name: string; shape: string; points: SeriesPoint[]; windows: { start: string; end: string }[] }[];
  };
  return corpus.series.map((s) => {
    const points = s.points.filter((p) => p.value !== null);
    return {
      name: s.name,
      category: s.shape,
      points,
      timestamps: points.map((p) => toMillis(p.timestamp)),
      values: points.map((p) => p.value as number),
      windows: s.windows.map((w) => ({ start: toMillis(w.start), end: toMillis(w.end) })),
    };
  });
}

function nabSet(): Labelled[] {
  return loadNab().series.map((s) => ({ ...s, points: s.timestamps.map((t, i) => ({ timestamp: t, value: s.values[i] })) }));
}

/**
 * Prism in 20 steps at one sensitivity: the alerts (first points of the incidents opening in each step) and the
 * number of anomalous points reported.
 */
function prismStreaming(s: Labelled, sensitivity: Sensitivity): { alerts: number[]; flagged: number } {
  const alerts: number[] = [];
  let flagged = 0;
  for (let step = 1; step <= STEPS; step++) {
    const from = Math.ceil(((step - 1) * s.points.length) / STEPS);
    const to = Math.ceil((step * s.points.length) / STEPS);
    if (to <= from) continue;
    const result = detectAnomalies({ series: s.points.slice(0, to), sensitivity, options: { since: s.timestamps[from] } });
    for (const incident of result.incidents) if (toMillis(incident.start) >= s.timestamps[from]) alerts.push(toMillis(incident.start));
    flagged += result.anomalies.length;
  }
  return { alerts, flagged };
}

type Scores = ArrayLike<number>;
const detectionsAt = (s: Labelled, scores: Scores, threshold: number) => s.timestamps.filter((_, i) => scores[i] >= threshold);

function evaluate(set: Labelled[], scores: Scores[], threshold: number) {
  return evaluateDetections(set, set.map((s, i) => detectionsAt(s, scores[i], threshold)), threshold);
}

function evaluateDetections(set: Labelled[], detections: number[][], threshold: number, flagged?: number) {
  const runs: LabelledRun[] = set.map((s, i) => ({ timestamps: s.timestamps, windows: s.windows, detections: detections[i] }));
  const nab = Object.fromEntries(Object.entries(NAB_PROFILES).map(([k, p]) => [k, normaliseNab(runs.map((r) => nabRawScore(r, p)))])) as Record<keyof typeof NAB_PROFILES, number>;
  const events = runs.map((r) => windowEvents(r)).reduce<EventCounts>((a, b) => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn }), { tp: 0, fp: 0, fn: 0 });
  const alerts = runs.reduce((a, r) => a + r.detections.length, 0);
  const points = flagged ?? alerts;
  const categories = [...new Set(set.map((s) => s.category))].map((c) => {
    const idx = set.flatMap((s, i) => (s.category === c ? [i] : []));
    return { category: c, series: idx.length, windows: idx.reduce((a, i) => a + set[i].windows.length, 0), standard: normaliseNab(idx.map((i) => nabRawScore(runs[i], NAB_PROFILES.standard))) };
  });
  return { threshold, nab, events, alerts, points, categories };
}

function bestOf(set: Labelled[], scores: Scores[], thresholds: number[]) {
  return thresholds.map((t) => evaluate(set, scores, t)).reduce((a, b) => (b.nab.standard > a.nab.standard ? b : a));
}

function prismRow(set: Labelled[], sensitivity: Sensitivity) {
  const runs = set.map((s) => prismStreaming(s, sensitivity));
  const flagged = runs.reduce((a, r) => a + r.flagged, 0);
  return evaluateDetections(set, runs.map((r) => r.alerts), thresholdFor("spike", sensitivityMultiplier(sensitivity)), flagged);
}

function run(name: string, set: Labelled[]) {
  const started = performance.now();
  const medium = prismRow(set, "medium");
  const prismMs = performance.now() - started;
  const gauss = set.map((s) => rollingGaussianSurprise(s.values));
  const z = set.map((s) => rollingZScore(s.timestamps, s.values));
  const rows = [
    { detector: `prism medium (surprise >= ${medium.threshold})`, ...medium },
    ...(["high", "low"] as const).map((k) => {
      const row = prismRow(set, k);
      return { detector: `prism ${k} (>= ${row.threshold.toFixed(1)})`, ...row };
    }),
    { detector: "rolling Gaussian (6400 points; best threshold of a sweep)", ...bestOf(set, gauss, [2, 3, 4, 5, 6, 8, 10, 12, 15, 20]) },
    { detector: "rolling z-score, |z| >= 4 over the previous week", ...evaluate(set, z, 4) },
  ];
  return { name, series: set.length, windows: set.reduce((a, s) => a + s.windows.length, 0), prismMs: Math.round(prismMs), rows };
}

const f1 = (x: number) => x.toFixed(1);
function print(r: ReturnType<typeof run>) {
  const lines = [
    `### ${r.name}: ${r.series} series, ${r.windows} windows (streaming, ${STEPS} steps; prism ${(r.prismMs / 1000).toFixed(1)} s)`,
    "",
    "| detector | standard | low FP | low FN | windows hit | FP runs | detections | flagged points |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...r.rows.map((x) => `| ${x.detector}${x.detector.includes("sweep") ? ` (${x.threshold})` : ""} | ${f1(x.nab.standard)} | ${f1(x.nab.reward_low_FP_rate)} | ${f1(x.nab.reward_low_FN_rate)} | ${x.events.tp} | ${x.events.fp} | ${x.alerts} | ${x.points} |`),
    "",
    `| category (standard profile) | series | windows | ${r.rows.map((x) => x.detector.split(/[,(]/)[0].trim()).join(" | ")} |`,
    `| --- | ---: | ---: | ${r.rows.map(() => "---:").join(" | ")} |`,
    ...r.rows[0].categories.map((c, k) => `| ${c.category} | ${c.series} | ${c.windows} | ${r.rows.map((x) => f1(x.categories[k].standard)).join(" | ")} |`),
    "",
  ];
  console.log(lines.join("\n"));
}

const results = [run("NAB (real corpus, numenta/NAB)", nabSet()), run("synthetic (held out)", syntheticSet())];
if (process.argv.includes("--json")) console.log(JSON.stringify(results, null, 2));
else results.forEach(print);
