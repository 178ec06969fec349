import { readFileSync } from "node:fs";
import { scoreSeries } from "../../lib/monitoring/anomaly/detect";
import { robustScale } from "../../lib/monitoring/shared/robust";
const corpus = JSON.parse(readFileSync("bench/monitoring/data/synthetic.json", "utf8"));
for (const name of ["cpu-web-1", "sensor-temp", "traffic-api"]) {
  const s = corpus.series.find((x: any) => x.name === name);
  const sc = scoreSeries(s.points)!;
  const buckets: number[][] = [[], [], [], []];
  for (let t = 336; t < 840; t++) {
    const y = sc.base.observed[t]; if (isNaN(y)) continue;
    buckets[Math.floor(((t - 336) % 24) / 6)].push(y - sc.exp.expected[t]);
  }
  console.log(name, sc.transform.name, buckets.map((b) => robustScale(b).toFixed(3)).join(" "));
}
