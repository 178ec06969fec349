import { readFileSync } from "node:fs";
import { augursMstl } from "../../lib/monitoring/shared/augurs";
import { imputeLinear } from "../../lib/monitoring/shared/series";
import { robustScale } from "../../lib/monitoring/shared/robust";
const corpus = JSON.parse(readFileSync("bench/monitoring/data/synthetic.json", "utf8"));
const { MSTL } = augursMstl();
for (const name of ["cpu-web-1", "sensor-temp"]) {
  const s = corpus.series.find((x: any) => x.name === name);
  const y = imputeLinear(s.points.map((p: any) => p.value ?? NaN));
  for (const cfg of [{ p: [24, 168], h: 672 }, { p: [168], h: 672 }, { p: [24, 168], h: 336 }, {p:[24,168], h: 504}]) {
    const errs: number[] = []; const sn: number[] = []; const insample: number[] = [];
    for (let origin = 340; origin + 24 <= 420; origin += 6) {
      const train = y.slice(Math.max(0, origin - cfg.h), origin);
      const m = MSTL.ets(cfg.p); m.fit(train); const f = m.predict(24).point;
      const ins = m.predictInSample().point; m.free();
      for (let k = 0; k < 24; k++) { errs.push(y[origin + k] - f[k]); sn.push(y[origin + k] - y[origin + k - 168]); }
      for (let i = 0; i < train.length; i++) insample.push(train[i] - ins[i]);
    }
    console.log(name, JSON.stringify(cfg), "mstl", robustScale(errs).toFixed(3), "snaive", robustScale(sn).toFixed(3), "insample", robustScale(insample).toFixed(3));
  }
}
