// A worker for the compute pool's own tests: speaks the pool's protocol and can echo, crash its thread, or block
// until the test opens a shared gate (so a test can hold a worker busy without timers).
import { parentPort } from "node:worker_threads";
import type { TaskRequest } from "@/lib/compute/protocol";

const port = parentPort!;
port.on("message", ({ id, task, input }: TaskRequest) => {
  if (task === "exit") process.exit(3);
  if (task === "throw-uncaught") setImmediate(() => { throw new Error("worker blew up"); });
  if (task === "block") Atomics.wait(new Int32Array(input as SharedArrayBuffer), 0, 0);
  if (task !== "exit" && task !== "throw-uncaught") port.postMessage({ id, ok: true, value: { task, input: task === "block" ? "released" : input } });
});
