/**
 * Generates bench/monitoring/data/synthetic.json: a small, SYNTHETIC labelled
 * anomaly corpus in the spirit of NAB (the real NAB corpus needs internet).
 * Run: npx tsx bench/monitoring/generate.ts  (deterministic: seeded PRNG)
 *
 * Eight hourly series, 35 days each, shaped after common production metrics
 * (server CPU, request traffic, social counts, sensors) with daily + weekly
 * seasonality, noise, ~2% missing points plus one multi-hour gap, and injected
 * spikes, drops, level shifts and trends. Each injection gets a NAB-style
 * window: length = 10% of the series / number of anomalies, centred on the
 * onset for abrupt anomalies and starting at the onset for trends (a ramp is
 * not anomalous before it starts). Being synthetic, the injected shapes are
 * our own guess at realism; scores on it do not transfer to NAB.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SEED = 20240601;
const HOURS = 35 * 24;
const START = Date.UTC(2024, 0, 1); // a Monday
const STEP = 3_600_000;

type Kind = "spike" | "drop" | "level_shift" | "trend";
interface Injection { kind: Kind; at: number; size: number; length?: number }
interface Spec {
  name: string;
  shape: string;
  base: (t: number, rnd: Rng) => number; // noiseless seasonal profile + noise
  clamp?: [number, number];
  round?: boolean;
  multiplicative: boolean; // injections scale the level instead of adding
  injections: Injection[];
}

class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  next(): number { // mulberry32
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  normal(): number { return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next()); }
  poisson(lambda: number): number {
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    let k = 0, p = 1;
    const l = Math.exp(-lambda);
    do { k++; p *= this.next(); } while (p > l);
    return k - 1;
  }
}

const hour = (t: number) => t % 24;
const weekend = (t: number) => Math.floor(t / 24) % 7 >= 5;
/** Business-hours bump: ~0 at night, 1 around 14:00. */
const dayCurve = (t: number) => Math.max(0, Math.sin((Math.PI * (hour(t) - 6)) / 16)) ** 1.5;

function ar1(phi: number, sd: number, rnd: Rng): () => number {
  let e = 0;
  return () => (e = phi * e + sd * Math.sqrt(1 - phi * phi) * rnd.normal());
}

function specs(rnd: Rng): Spec[] {
  const tempNoise = ar1(0.7, 0.35, rnd);
  const pressureWalk = ar1(0.995, 4, rnd);
  return [
    { name: "cpu-web-1", shape: "server CPU %", multiplicative: false, clamp: [0, 100],
      base: (t, r) => 30 + 25 * dayCurve(t) * (weekend(t) ? 0.4 : 1) + 2.5 * r.normal(),
      injections: [{ kind: "spike", at: 260, size: 45 }, { kind: "level_shift", at: 430, size: 12 }, { kind: "trend", at: 640, size: 0.6, length: 40 }] },
    { name: "cpu-db-1", shape: "server CPU %", multiplicative: false, clamp: [0, 100],
      base: (t, r) => 50 + 12 * dayCurve(t) - (weekend(t) ? 6 : 0) + 3 * r.normal(),
      injections: [{ kind: "drop", at: 300, size: -45, length: 3 }, { kind: "spike", at: 520, size: 30, length: 2 }, { kind: "level_shift", at: 700, size: -15 }] },
    { name: "traffic-api", shape: "requests/min", multiplicative: true, round: true,
      base: (t, r) => r.poisson(1200 * (0.25 + 1.15 * dayCurve(t)) * (weekend(t) ? 0.6 : 1) * (1 + 0.03 * r.normal())),
      injections: [{ kind: "drop", at: 250, size: 0.05, length: 2 }, { kind: "spike", at: 400, size: 2.2 }, { kind: "level_shift", at: 560, size: 0.7 }, { kind: "trend", at: 730, size: 0.025, length: 24 }] },
    { name: "traffic-web", shape: "page views/min", multiplicative: true, round: true,
      base: (t, r) => r.poisson(300 * (0.3 + dayCurve(t)) * (weekend(t) ? 1.3 : 1) * (1 + 0.04 * r.normal())),
      injections: [{ kind: "spike", at: 290, size: 2.5 }, { kind: "drop", at: 470, size: 0.4, length: 4 }, { kind: "level_shift", at: 650, size: 1.5 }] },
    { name: "social-mentions", shape: "mentions/hour", multiplicative: true, round: true,
      base: (t, r) => r.poisson(8 * (0.4 + dayCurve(t)) * (weekend(t) ? 1.4 : 1)),
      injections: [{ kind: "spike", at: 280, size: 6 }, { kind: "trend", at: 480, size: 0.25, length: 12 }, { kind: "level_shift", at: 700, size: 1.8 }] },
    { name: "social-signups", shape: "signups/hour", multiplicative: true, round: true,
      base: (t, r) => r.poisson(20 * (0.2 + dayCurve(t)) * (weekend(t) ? 0.5 : 1)),
      injections: [{ kind: "drop", at: 330, size: 0, length: 3 }, { kind: "spike", at: 540, size: 3 }, { kind: "level_shift", at: 720, size: 0.5 }] },
    { name: "sensor-temp", shape: "room temperature °C", multiplicative: false,
      base: (t) => 21 + 2.5 * Math.sin((2 * Math.PI * (hour(t) - 9)) / 24) - (weekend(t) ? 1.5 : 0) + tempNoise(),
      injections: [{ kind: "drop", at: 270, size: -12 }, { kind: "level_shift", at: 450, size: 2.5 }, { kind: "trend", at: 650, size: 0.15, length: 30 }] },
    { name: "sensor-pressure", shape: "pressure hPa", multiplicative: false,
      base: (t, r) => 1013 + pressureWalk() + 0.6 * Math.sin((2 * Math.PI * hour(t)) / 12) + 0.3 * r.normal(),
      injections: [{ kind: "spike", at: 320, size: 9 }, { kind: "level_shift", at: 600, size: -6 }] },
  ];
}

/** Multiplier/offset of injection `inj` at hour t (identity outside its effect). */
function effect(inj: Injection, t: number, multiplicative: boolean): number {
  const id = multiplicative ? 1 : 0;
  const d = t - inj.at;
  if (d < 0) return id;
  switch (inj.kind) {
    case "spike":
    case "drop":
      return d < (inj.length ?? 1) ? inj.size : id;
    case "level_shift":
      return inj.size;
    case "trend": {
      const steps = Math.min(d + 1, inj.length ?? 24);
      return multiplicative ? 1 + inj.size * steps : inj.size * steps;
    }
  }
}

export function generate() {
  const rnd = new Rng(SEED);
  return specs(rnd).map((spec) => {
    const gapAt = 200 + Math.floor(rnd.next() * 40);
    const windowLen = Math.round((0.1 * HOURS) / spec.injections.length);
    const points = Array.from({ length: HOURS }, (_, t) => {
      let v = spec.base(t, rnd);
      for (const inj of spec.injections) {
        const e = effect(inj, t, spec.multiplicative);
        v = spec.multiplicative ? v * e : v + e;
      }
      if (spec.clamp) v = Math.min(spec.clamp[1], Math.max(spec.clamp[0], v));
      v = spec.round ? Math.round(v) : Math.round(v * 100) / 100;
      const missing = (t >= gapAt && t < gapAt + 6) || rnd.next() < 0.02;
      return { timestamp: new Date(START + t * STEP).toISOString(), value: missing ? null : v };
    });
    const windows = spec.injections.map((inj) => {
      const from = inj.kind === "trend" ? inj.at : inj.at - Math.floor(windowLen / 2);
      return {
        kind: inj.kind,
        onset: new Date(START + inj.at * STEP).toISOString(),
        start: new Date(START + from * STEP).toISOString(),
        end: new Date(START + (from + windowLen - 1) * STEP).toISOString(),
      };
    });
    return { name: spec.name, shape: spec.shape, stepMs: STEP, points, windows };
  });
}

const here = fileURLToPath(import.meta.url);
if (process.argv[1] && path.resolve(process.argv[1]) === here) {
  const out = path.join(path.dirname(here), "data", "synthetic.json");
  mkdirSync(path.dirname(out), { recursive: true });
  const series = generate();
  const doc = {
    description: "SYNTHETIC labelled anomaly series generated by bench/monitoring/generate.ts; not real production data and not NAB.",
    seed: SEED,
    series,
  };
  writeFileSync(out, JSON.stringify(doc));
  console.log(`wrote ${series.length} series to ${out}`);
}
