// Anomaly scan: detectAnomalies (the job's detector) on hourly series of 90 days, against a static z-score scan of
// the same series in the same run. The full target (10,000 series) is extrapolated from a sample to keep the bench
// short on 2 cores; set BENCH_SERIES to scan more.
import { detectAnomalies } from "../../lib/monitoring";
import { staticZScoreDetections } from "./baseline";

const HOUR = 3_600_000;
const POINTS = 90 * 24;

function series(seed: number, step = HOUR, points = POINTS) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const start = Date.UTC(2026, 7, 1);
  const level = 50 + rnd() * 500;
  const perDay = Math.round(86_400_000 / step);
  return Array.from({ length: points }, (_, i) => {
    const daily = perDay > 1 ? 1 + 0.4 * Math.sin((2 * Math.PI * (i % perDay)) / perDay) : 1;
    const weekly = Math.floor(i / perDay) % 7 >= 5 ? 0.7 : 1;
    const spike = i === points - 10 ? 3 : 1;
    const missing = rnd() < 0.01;
    return { timestamp: start + i * step, value: missing ? null : level * daily * weekly * spike * (1 + 0.1 * (rnd() - 0.5)) };
  });
}

export default async function anomalyScan() {
  const n = Number(process.env.BENCH_SERIES ?? 8);
  const data = Array.from({ length: n }, (_, i) => series(i + 1));
  let t = performance.now();
  let found = 0;
  for (const s of data) found += detectAnomalies({ series: s }).anomalies.length;
  const detectorMs = performance.now() - t;
  t = performance.now();
  let baselineFound = 0;
  for (let r = 0; r < 20; r++) for (const s of data) baselineFound += staticZScoreDetections(s).length;
  const baselineMs = (performance.now() - t) / 20;
  const perSeriesMs = detectorMs / n;
  // What the monitoring job actually scans: daily rollup series of 90 days.
  const daily = Array.from({ length: 200 }, (_, i) => series(i + 1, 24 * HOUR, 90));
  t = performance.now();
  for (const s of daily) detectAnomalies({ series: s });
  const dailyMs = performance.now() - t;
  t = performance.now();
  for (let r = 0; r < 20; r++) for (const s of daily) staticZScoreDetections(s);
  const dailyBaselineMs = (performance.now() - t) / 20;
  return {
    daily90: {
      series: daily.length,
      detectorMs: Math.round(dailyMs),
      perSeriesMs: Number((dailyMs / daily.length).toFixed(2)),
      extrapolated10kSeriesS: Number(((dailyMs / daily.length) * 10).toFixed(1)),
      ratioToBaseline: Number((dailyMs / dailyBaselineMs).toFixed(1)),
    },
    hourly90Days: {
      series: n,
      pointsPerSeries: POINTS,
      detectorMs: Math.round(detectorMs),
      perSeriesMs: Number(perSeriesMs.toFixed(2)),
      extrapolated10kSeriesS: Number(((perSeriesMs * 10_000) / 1000).toFixed(1)),
      targetS: 60,
      baselineStaticZScoreMs: Number(baselineMs.toFixed(2)),
      ratioToBaseline: Number((detectorMs / baselineMs).toFixed(1)),
      anomaliesFound: found,
      baselineDetections: baselineFound / 20,
    },
  };
}
