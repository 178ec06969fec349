// Group commit for reads and writes that one statement can serve for many callers: a call made while a batch is in
// flight on the same scope (e.g. the database) waits and goes with the others in the next batch, so 50 concurrent
// requests cost a few statements instead of 50, and a lone call is sent at once (it waits for nobody).

/**
 * Returns `call(scope, arg)`: it resolves with `run(scope, args)[k]` for its own arg's position k in the batch it went
 * in (at most `maxBatch` args per batch). `run` answers one result per arg, in order. A failed batch of several is
 * retried one arg at a time, so a bad arg fails only its own call.
 */
export function batchedCalls<S extends object, A, R>(run: (scope: S, args: readonly A[]) => Promise<readonly R[]>, maxBatch = 500) {
  interface Pending {
    arg: A;
    done: (r: R) => void;
    failed: (err: unknown) => void;
  }
  const queues = new WeakMap<S, { pending: Pending[]; running: boolean }>();

  async function drain(scope: S, q: { pending: Pending[]; running: boolean }) {
    q.running = true;
    try {
      while (q.pending.length) {
        const batch = q.pending.splice(0, maxBatch);
        try {
          const results = await run(scope, batch.map((p) => p.arg));
          batch.forEach((p, k) => p.done(results[k]));
        } catch (err) {
          if (batch.length === 1) batch[0].failed(err);
          else for (const p of batch) await run(scope, [p.arg]).then((r) => p.done(r[0]), p.failed);
        }
      }
    } finally {
      q.running = false;
    }
  }

  return (scope: S, arg: A): Promise<R> => {
    let queue = queues.get(scope);
    if (!queue) queues.set(scope, (queue = { pending: [], running: false }));
    const q = queue;
    return new Promise<R>((done, failed) => {
      q.pending.push({ arg, done, failed });
      if (!q.running) void drain(scope, q);
    });
  };
}
