// A request pool for throughput benchmarks: `task(i)` for i in [0, calls) with `concurrency` in flight.
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Per-call latency (p50, p99) and overall throughput of `calls` tasks run `concurrency` at a time. */
export async function pool(calls: number, concurrency: number, task: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const totalMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: Math.round((calls / totalMs) * 1000),
    p50Ms: +quantile(latencies, 0.5).toFixed(3),
    p99Ms: +quantile(latencies, 0.99).toFixed(3),
  };
}
