// Work split between the calling thread and the compute pool's workers over SharedArrayBuffers, for the trainers
// whose steps are made of independent parts (ALS half-steps in ./als-parallel.ts, stratified BPR's sub-epochs in
// ./bpr-stratified.ts): every thread claims parts from an atomic counter in the step until none is left.
import { AppError } from "@/lib/errors";

/** A copy of `from` in a SharedArrayBuffer, so workers see (and write) the same memory. */
export function shared<T extends Float64Array | Int32Array>(from: T): T {
  const Ctor = from.constructor as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const out = new Ctor(new SharedArrayBuffer(from.length * Ctor.BYTES_PER_ELEMENT));
  out.set(from);
  return out;
}

/** A fresh claim counter (one Int32 at 0) for a step's parts. */
export function claimCounter(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

const isPoolBusy = (err: unknown) => err instanceof AppError && err.code === "rate_limited";

export interface ShareOptions<S> {
  /** Workers asked to help. */
  workers: number;
  /** Runs `work(step)` on one worker. */
  run: (step: S) => Promise<unknown>;
  /** Whether the calling thread claims parts too. */
  onCallingThread: boolean;
}

/**
 * Runs one step: `work` claims parts until none is left, on the workers and (if asked) here. A full pool refuses at
 * once (429); the parts it would have taken are done here after the others return. A worker's failure fails the step.
 */
export async function shareStep<S>(step: S, work: (step: S) => void, o: ShareOptions<S>): Promise<void> {
  const helpers = Array.from({ length: o.workers }, () => o.run(step).catch((err: unknown) => (isPoolBusy(err) ? undefined : Promise.reject(err))));
  if (o.onCallingThread) work(step);
  await Promise.all(helpers);
  work(step); // whatever no helper claimed (all refused); a no-op otherwise
}
