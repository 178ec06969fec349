/**
 * Deterministic synthetic series for the monitoring unit tests (not shipped
 * to users). Hourly by default, with a daily and weekly pattern and noise.
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0; // mulberry32
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2024, 0, 1);

export interface SyntheticOptions {
  hours: number;
  seed?: number;
  level?: number;
  daily?: number;
  weekly?: number;
  noise?: number;
  /** Extra value added at hour t (injections). */
  effect?: (t: number) => number;
  missing?: (t: number) => boolean;
}

export function hourlySeries(o: SyntheticOptions): { timestamp: string; value: number | null }[] {
  const noise = gaussian(rng(o.seed ?? 1));
  return Array.from({ length: o.hours }, (_, t) => {
    const v =
      (o.level ?? 100) +
      (o.daily ?? 10) * Math.sin((2 * Math.PI * t) / 24) +
      (o.weekly ?? 5) * Math.sin((2 * Math.PI * t) / 168) +
      (o.noise ?? 1) * noise() +
      (o.effect?.(t) ?? 0);
    return { timestamp: new Date(T0 + t * HOUR).toISOString(), value: o.missing?.(t) ? null : v };
  });
}
