import { readFileSync } from "node:fs";
import { scoreSeries } from "../../lib/monitoring/anomaly/detect";
import { prescreen } from "../../lib/monitoring/anomaly/prescreen";
import { imputeLinear } from "../../lib/monitoring/shared/series";
const corpus = JSON.parse(readFileSync("bench/monitoring/data/synthetic.json", "utf8"));
const s = corpus.series.find((x: any) => x.name === process.argv[2]);
const sc = scoreSeries(s.points)!;
const f = sc.transform.inverse;
const pre = prescreen(imputeLinear(sc.base.observed), [24, 168]);
console.log("prescreen replaced", pre.replaced);
for (const t0 of process.argv.slice(3).map(Number)) {
  const rows = [];
  for (let t = t0; t < t0 + 8; t++) rows.push(`${t}: y=${f(sc.base.observed[t]).toFixed(0)} e=${f(sc.exp.expected[t]).toFixed(0)} c=${f(sc.exp.clean[t]).toFixed(0)} pre=${f(pre.clean[t]).toFixed(0)} z=${((sc.base.observed[t] - sc.exp.expected[t]) / sc.exp.sigma[t]).toFixed(1)}`);
  console.log(rows.join("\n"));
}
