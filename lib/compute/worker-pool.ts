// A small fixed pool of worker threads with a bounded queue: CPU-heavy pure work runs off the event loop, a full
// queue is refused at once (429 with Retry-After) instead of piling up, and a crashed worker fails only its own
// task and is replaced on the next one.
import { Worker } from "node:worker_threads";
import { AppError } from "@/lib/errors";
import { deserializeError, type TaskReply } from "./protocol";

/** Where a worker's code lives: an absolute path to a .js/.mjs file, or to a .ts file loaded through tsx. */
export interface WorkerEntry {
  filename: string;
  typescript?: boolean;
}

// tsx's CommonJS hook (tsconfig paths included) runs in the worker's own thread; `--import tsx` in a worker's
// execArgv does not reach worker threads on Node 20.
const TSX_BOOTSTRAP = 'require("tsx/cjs"); require(require("node:worker_threads").workerData.filename);';

export interface WorkerPoolOptions {
  entry: WorkerEntry;
  size: number;
  /** Tasks waiting for a free worker beyond this many are refused. */
  maxQueue: number;
}

interface Job {
  id: number;
  task: string;
  input: unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker?: Worker;
  job?: Job;
}

export const POOL_BUSY_MESSAGE = "The analysis workers are busy; retry shortly.";

export class WorkerPool {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private completed = 0;
  private crashed = 0;

  constructor(private readonly options: WorkerPoolOptions) {
    if (!(options.size >= 1) || !(options.maxQueue >= 0)) throw new Error("WorkerPool needs size >= 1 and maxQueue >= 0");
    this.slots = Array.from({ length: options.size }, () => ({}));
  }

  /** Tasks running, waiting, finished in a worker (value or thrown error) and lost to a worker crash. */
  get stats(): { running: number; queued: number; completed: number; crashed: number } {
    return { running: this.slots.filter((s) => s.job).length, queued: this.queue.length, completed: this.completed, crashed: this.crashed };
  }

  run(task: string, input: unknown): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("WorkerPool is closed"));
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, task, input, resolve, reject };
      const slot = this.slots.find((s) => !s.job);
      if (slot) return this.start(slot, job);
      if (this.queue.length >= this.options.maxQueue) {
        return reject(new AppError("rate_limited", POOL_BUSY_MESSAGE, undefined, { "Retry-After": "1" }));
      }
      this.queue.push(job);
    });
  }

  /** Stops every worker; running and queued tasks are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error("WorkerPool closed"));
    await Promise.all(
      this.slots.map(async (slot) => {
        const worker = slot.worker;
        slot.worker = undefined;
        slot.job?.reject(new Error("WorkerPool closed"));
        slot.job = undefined;
        await worker?.terminate();
      }),
    );
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    const worker = slot.worker ?? this.spawn(slot);
    worker.ref(); // a running task keeps the process alive; an idle pool does not
    worker.postMessage({ id: job.id, task: job.task, input: job.input });
  }

  private spawn(slot: Slot): Worker {
    const { filename, typescript } = this.options.entry;
    const worker = typescript ? new Worker(TSX_BOOTSTRAP, { eval: true, workerData: { filename } }) : new Worker(filename);
    slot.worker = worker;
    worker.on("message", (reply: TaskReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      slot.job = undefined;
      this.completed++;
      if (reply.ok) job.resolve(reply.value);
      else job.reject(deserializeError(reply.error));
      this.next(slot);
    });
    const fail = (err: Error) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined; // replaced by a fresh worker when the slot takes its next task
      const job = slot.job;
      slot.job = undefined;
      if (job) this.crashed++;
      job?.reject(err);
      void worker.terminate();
      this.next(slot);
    };
    worker.on("error", (err) => fail(err));
    worker.on("exit", (code) => fail(new Error(`compute worker exited (code ${code})`)));
    return worker;
  }

  private next(slot: Slot): void {
    const job = this.queue.shift();
    if (job && !this.closed) this.start(slot, job);
    else slot.worker?.unref();
  }
}
