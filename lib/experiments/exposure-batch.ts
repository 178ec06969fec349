/**
 * Group commit for exposure logging: assign calls that reach the insert in the same event-loop turn share one
 * multi-row `insert … on conflict do nothing returning`, and each learns whether its own row was new. Each caller
 * still waits for its row to be committed, so the response's exposureLogged stays exact.
 */
import type { Db } from "@/db/client";
import { experimentExposures } from "@/db/schema";

type ExposureRow = typeof experimentExposures.$inferInsert;
interface Pending {
  row: ExposureRow;
  resolve: (logged: boolean) => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 500;
const queues = new WeakMap<Db, Pending[]>();

const rowKey = (r: { experimentId: string; userId: string; variantKey: string }) => `${r.experimentId}\u0000${r.userId}\u0000${r.variantKey}`;

async function flush(db: Db, batch: Pending[]) {
  try {
    // One statement may not carry the same key twice usefully: the first caller gets the outcome, the rest "not new".
    const unique = new Map<string, ExposureRow>();
    for (const p of batch) if (!unique.has(rowKey(p.row))) unique.set(rowKey(p.row), p.row);
    const inserted = await db
      .insert(experimentExposures)
      .values([...unique.values()])
      .onConflictDoNothing()
      .returning({ experimentId: experimentExposures.experimentId, userId: experimentExposures.userId, variantKey: experimentExposures.variantKey });
    const fresh = new Set(inserted.map(rowKey));
    for (const p of batch) {
      const k = rowKey(p.row);
      p.resolve(fresh.delete(k));
    }
  } catch (err) {
    for (const p of batch) p.reject(err);
  }
}

/** Logs a first exposure (idempotent); true when this call inserted the row. */
export function logExposure(db: Db, row: ExposureRow): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let queue = queues.get(db);
    if (!queue) {
      queue = [];
      queues.set(db, queue);
      setImmediate(() => {
        const batch = queues.get(db) ?? [];
        queues.delete(db);
        for (let i = 0; i < batch.length; i += MAX_BATCH) void flush(db, batch.slice(i, i + MAX_BATCH));
      });
    }
    queue.push({ row, resolve, reject });
  });
}
