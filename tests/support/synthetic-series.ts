/**
 * Deterministic synthetic series for the monitoring unit tests (not shipped
 * to users). Hourly by default, with a daily and weekly pattern and noise.
 */
import { gaussian, rng } from "../../lib/primitives/random";

export { gaussian, rng };

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
