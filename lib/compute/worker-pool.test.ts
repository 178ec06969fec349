// The compute pool returns what the in-thread functions return (values and errors), a crashed worker fails only its
// own task and is replaced, and a full queue is refused at once with a 429-mapped AppError.
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { ZodError } from "zod";
import { AppError } from "@/lib/errors";
import { gaussian, hourlySeries, rng } from "@/tests/support/synthetic-series";
import { COMPUTE_WORKER_BUNDLE, computeWorkerEntry } from "./compute-pool";
import { type ComputeTaskName, computeTasks } from "./tasks";
import { POOL_BUSY_MESSAGE, WorkerPool } from "./worker-pool";

const pools: WorkerPool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));
function pool(size: number, maxQueue: number, filename?: string) {
  const entry = filename ? { filename, typescript: true } : computeWorkerEntry();
  const p = new WorkerPool({ entry, size, maxQueue });
  pools.push(p);
  return p;
}
const testWorker = path.join(process.cwd(), "tests", "support", "compute-test-worker.ts");

const normal = (seed: number, n: number, shift = 0) => {
  const g = gaussian(rng(seed));
  return Array.from({ length: n }, () => g() + shift);
};
// alsSolveRows and bprTrainBlockPairs write into shared memory and return nothing: lib/personalization/als-parallel.test.ts
// and bpr-stratified.test.ts check them.
type SharedMemoryTask = "alsSolveRows" | "bprTrainBlockPairs";
const inputs: { [T in Exclude<ComputeTaskName, SharedMemoryTask>]: Parameters<(typeof computeTasks)[T]>[0] } = {
  detectAnomalies: { series: hourlySeries({ hours: 24 * 21, seed: 4, effect: (t) => (t === 24 * 21 - 3 ? 80 : 0) }) },
  forecastSeries: { series: hourlySeries({ hours: 24 * 14, seed: 5 }), horizon: 24, levels: [0.5] },
  computeDrift: { reference: { x: normal(1, 3000), c: Array.from({ length: 300 }, (_, i) => (i % 3 ? "a" : "b")) }, current: { x: normal(2, 3000, 0.2), c: Array.from({ length: 300 }, (_, i) => (i % 2 ? "a" : "b")) } },
  analyzeExperiment: { metricType: "binomial", variants: [{ key: "a", n: 5000, sum: 500 }, { key: "b", n: 5100, sum: 560 }] },
  analyzeEmotions: { texts: ["I am so happy with this, thank you!", "This is awful and I feel anxious.", "ok"] },
};

describe("the compute pool", () => {
  test("each task's reply is byte-identical to the in-thread function on the same input", async () => {
    const p = pool(1, 10);
    for (const [task, input] of Object.entries(inputs) as [Exclude<ComputeTaskName, SharedMemoryTask>, never][]) {
      const inThread = JSON.stringify(await computeTasks[task](input));
      expect(JSON.stringify(await p.run(task, input)), task).toBe(inThread);
    }
    expect(p.stats).toMatchObject({ running: 0, queued: 0, completed: 5, crashed: 0 });
  });

  test("a thrown validation error crosses the thread as the same ZodError; an unknown task is an error", async () => {
    const p = pool(1, 10);
    const bad = { metricType: "mean", variants: [] } as never;
    const inThread = (() => {
      try {
        computeTasks.analyzeExperiment(bad);
      } catch (err) {
        return err as ZodError;
      }
    })();
    const fromWorker = await p.run("analyzeExperiment", bad).catch((err: unknown) => err);
    expect(fromWorker).toBeInstanceOf(ZodError);
    expect((fromWorker as ZodError).issues).toEqual(inThread!.issues);
    await expect(p.run("rm -rf", {})).rejects.toThrow("unknown compute task rm -rf");
  });

  test("a worker that exits or throws fails only its task, and the pool carries on with a fresh worker", async () => {
    const p = pool(1, 10, testWorker);
    expect(await p.run("echo", { n: 1 })).toEqual({ task: "echo", input: { n: 1 } });
    const crash = p.run("exit", null);
    const queuedBehindCrash = p.run("echo", { n: 2 }); // waits for the crashing worker's slot
    await expect(crash).rejects.toThrow("compute worker exited (code 3)");
    await expect(queuedBehindCrash).resolves.toEqual({ task: "echo", input: { n: 2 } });
    await expect(p.run("throw-uncaught", null)).rejects.toThrow("worker blew up");
    expect(await p.run("echo", { n: 3 })).toEqual({ task: "echo", input: { n: 3 } });
    expect(p.stats).toMatchObject({ running: 0, queued: 0, crashed: 2 });
  });

  test("past size + maxQueue tasks, the next is refused at once as rate_limited with Retry-After", async () => {
    const p = pool(1, 1, testWorker);
    const gate = new SharedArrayBuffer(4);
    const running = p.run("block", gate);
    const queued = p.run("echo", "second");
    const refused = await p.run("echo", "third").catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "rate_limited", message: POOL_BUSY_MESSAGE, headers: { "Retry-After": "1" } });
    expect(p.stats).toMatchObject({ running: 1, queued: 1 });
    const view = new Int32Array(gate);
    Atomics.store(view, 0, 1);
    Atomics.notify(view, 0);
    expect(await running).toEqual({ task: "block", input: "released" });
    expect(await queued).toEqual({ task: "echo", input: "second" });
    expect(await p.run("echo", "after")).toEqual({ task: "echo", input: "after" });
  });

  test("next start loads the pre-built bundle by absolute path; everything else runs the TypeScript entry", () => {
    expect(computeWorkerEntry("/srv/prism", { NODE_ENV: "production" })).toEqual({ filename: path.join("/srv/prism", COMPUTE_WORKER_BUNDLE) });
    expect(computeWorkerEntry("/srv/prism", { NODE_ENV: "test" })).toEqual({ filename: "/srv/prism/lib/compute/worker-entry.ts", typescript: true });
  });
});
