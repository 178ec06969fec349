// Anomaly scan as the hourly monitoring job runs it: detectAnomalies (the job's and the endpoint's detector) on a
// fleet of hourly series of 90 days, scoring the last 24 hours (`since`), against a static z-score scan of the same
// series in the same run. BENCH_SERIES (default 1000) series are scanned for real; the 10,000-series figure is that
// run extrapolated linearly unless BENCH_SERIES=10000. BENCH_ANOMALOUS (default 0.01) is the share of series with an
// injected incident in the scanned day (spike, drop or level shift); the rest are clean. Also measures the scan of
// whole series (no `since`; the detector is one causal pass either way) and the daily 90-point series.
import { detectAnomalies } from "../../lib/monitoring";
import { staticZScoreDetections } from "./baseline";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const POINTS = 90 * 24;
const START = Date.UTC(2026, 7, 1);

type Incident = "none" | "spike" | "drop" | "level_shift";
const INCIDENTS: Incident[] = ["spike", "drop", "level_shift"];

function series(seed: number, incident: Incident = "none", step = HOUR, points = POINTS) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const level = 50 + rnd() * 500;
  const perDay = Math.round(DAY / step);
  const at = points - 10; // inside the last day
  return Array.from({ length: points }, (_, i) => {
    const daily = perDay > 1 ? 1 + 0.4 * Math.sin((2 * Math.PI * (i % perDay)) / perDay) : 1;
    const weekly = Math.floor(i / perDay) % 7 >= 5 ? 0.7 : 1;
    const effect = incident === "spike" && i === at ? 3 : incident === "drop" && i === at ? 0.3 : incident === "level_shift" && i >= at - 8 ? 1.6 : 1;
    const missing = rnd() < 0.01;
    return { timestamp: START + i * step, value: missing ? null : level * daily * weekly * effect * (1 + 0.1 * (rnd() - 0.5)) };
  });
}

const round = (x: number, d = 2) => Number(x.toFixed(d));

export default async function anomalyScan() {
  const fleet = Number(process.env.BENCH_SERIES ?? 1000);
  const share = Number(process.env.BENCH_ANOMALOUS ?? 0.01);
  const since = START + POINTS * HOUR - DAY;
  const anomalousEvery = share > 0 ? Math.round(1 / share) : Number.POSITIVE_INFINITY;
  let detectorMs = 0, baselineMs = 0, caught = 0, anomalous = 0, falseAlarms = 0, baselineFlagged = 0;
  for (let k = 0; k < fleet; k++) {
    const incident = k % anomalousEvery === anomalousEvery - 1 ? INCIDENTS[anomalous++ % INCIDENTS.length] : "none";
    const data = series(k + 1, incident);
    let t = performance.now();
    const { incidents } = detectAnomalies({ series: data, options: { since } });
    detectorMs += performance.now() - t;
    if (incident !== "none" && incidents.length > 0) caught++;
    if (incident === "none" && incidents.length > 0) falseAlarms++;
    t = performance.now();
    if (staticZScoreDetections(data).some((ts) => ts >= since)) baselineFlagged++;
    baselineMs += performance.now() - t;
  }
  const perSeriesMs = detectorMs / fleet;

  // Without `since`: every point of whole series reported.
  const walked = Array.from({ length: 20 }, (_, i) => series(i + 1, "spike"));
  let t = performance.now();
  for (const s of walked) detectAnomalies({ series: s });
  const fullWalkPerSeriesMs = (performance.now() - t) / walked.length;

  // The daily job: 90 daily points per series, walked in full.
  const daily = Array.from({ length: 50 }, (_, i) => series(i + 1, "none", DAY, 90));
  t = performance.now();
  for (const s of daily) detectAnomalies({ series: s });
  const dailyMs = performance.now() - t;
  t = performance.now();
  for (let r = 0; r < 20; r++) for (const s of daily) staticZScoreDetections(s);
  const dailyBaselineMs = (performance.now() - t) / 20;

  return {
    hourly90DaysSinceLast24h: {
      seriesScanned: fleet,
      pointsPerSeries: POINTS,
      anomalousShare: share,
      detectorMs: Math.round(detectorMs),
      perSeriesMs: round(perSeriesMs),
      [fleet >= 10_000 ? "measured10kSeriesS" : `extrapolated10kSeriesS(from ${fleet})`]: round((perSeriesMs * 10_000) / 1000, 1),
      targetS: 60,
      baselineStaticZScorePerSeriesMs: round(baselineMs / fleet, 3),
      ratioToBaseline: round(detectorMs / baselineMs, 1),
      incidentsInjected: anomalous,
      incidentsCaught: caught,
      cleanSeriesWithAlarms: falseAlarms,
      baselineSeriesFlaggedInTail: baselineFlagged,
    },
    hourly90DaysWholeSeries: {
      series: walked.length,
      perSeriesMs: round(fullWalkPerSeriesMs),
    },
    daily90: {
      series: daily.length,
      perSeriesMs: round(dailyMs / daily.length),
      ratioToBaseline: round(dailyMs / dailyBaselineMs, 1),
    },
  };
}
