// The compute worker thread: receives `{ id, task, input }`, runs the named pure function from tasks.ts and posts
// the value or the serialized error back. Loaded as TypeScript through tsx in tests and scripts, and as the
// esbuild bundle .next/prism-compute-worker.mjs under `next start` (scripts/build-compute-worker.mjs).
import { parentPort } from "node:worker_threads";
import { serializeError, type TaskReply, type TaskRequest } from "./protocol";
import { computeTasks, isComputeTask } from "./tasks";

if (!parentPort) throw new Error("worker-entry must run in a worker thread");
const port = parentPort;

port.on("message", async ({ id, task, input }: TaskRequest) => {
  let reply: TaskReply;
  try {
    if (!isComputeTask(task)) throw new Error(`unknown compute task ${String(task)}`);
    const run = computeTasks[task] as (input: unknown) => unknown;
    reply = { id, ok: true, value: await run(input) };
  } catch (err) {
    reply = { id, ok: false, error: serializeError(err) };
  }
  port.postMessage(reply);
});
