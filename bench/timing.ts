// Latency of a repeated async call for read benchmarks: three untimed warm-up calls, then `runs` timed ones.
/** The p-quantile (0..1) of ascending `sorted` (nearest rank). */
export function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/** p50, p95 and max in milliseconds of `runs` calls of `fn(i)` after three warm-up calls. */
export async function timeRuns(runs: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn(i);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const r = (x: number) => Number(x.toFixed(2));
  return { p50Ms: r(percentile(ms, 0.5)), p95Ms: r(percentile(ms, 0.95)), maxMs: r(ms[ms.length - 1]) };
}

/** Milliseconds of one call of `fn`. */
export async function timeOnce(fn: () => Promise<unknown>) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** p50, p95 and max in milliseconds of `rounds` rounds of `concurrency` concurrent calls of `fn(i)`. */
export async function timeConcurrentRounds(rounds: number, concurrency: number, fn: (i: number) => Promise<unknown>) {
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    await Promise.all(
      Array.from({ length: concurrency }, async (_, i) => {
        const t0 = performance.now();
        await fn(r * concurrency + i);
        ms.push(performance.now() - t0);
      }),
    );
  }
  ms.sort((a, b) => a - b);
  const r = (x: number) => Number(x.toFixed(2));
  return { p50Ms: r(percentile(ms, 0.5)), p95Ms: r(percentile(ms, 0.95)), maxMs: r(ms[ms.length - 1]) };
}
