/**
 * Group commit for exposure logging: assign calls that reach the insert in the same event-loop turn share one
 * multi-row `insert … on conflict do nothing returning`, and each learns whether its own row was new. Each caller
 * still waits for its row to be committed, so the response's exposureLogged stays exact.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { experimentExposures } from "@/db/schema";

type ExposureRow = typeof experimentExposures.$inferInsert;
interface Pending {
  row: ExposureRow;
  resolve: (logged: boolean) => void;
  reject: (err: unknown) => void;
}

/** Rows per insert statement. */
export const MAX_BATCH = 500;
const queues = new WeakMap<Db, Pending[]>();

const rowKey = (r: { experimentId: string; userId: string; variantKey: string }) => `${r.experimentId}\u0000${r.userId}\u0000${r.variantKey}`;

/**
 * One statement text whatever the batch size (rows travel as one JSON parameter): the driver prepares it once per
 * connection, where a multi-row VALUES list was a new statement (parse + describe) for every batch size.
 */
export async function insertExposures(db: Db, rows: ExposureRow[]) {
  const payload = JSON.stringify(
    rows.map((r) => ({ p: r.projectId, e: r.experimentId, u: r.userId, v: r.variantKey, t: new Date(r.firstExposedAt).toISOString() })),
  );
  const result = await db.execute(sql`
    insert into experiment_exposures (project_id, experiment_id, user_id, variant_key, first_exposed_at)
    select p, e, u, v, t from jsonb_to_recordset(${payload}::jsonb) as r(p uuid, e uuid, u text, v text, t timestamptz)
    on conflict do nothing
    returning experiment_id, user_id, variant_key`);
  return rowsOf<{ experiment_id: string; user_id: string; variant_key: string }>(result).map((r) => ({
    experimentId: r.experiment_id,
    userId: r.user_id,
    variantKey: r.variant_key,
  }));
}

async function flush(db: Db, batch: Pending[]) {
  try {
    // One statement may not carry the same key twice usefully: the first caller gets the outcome, the rest "not new".
    const unique = new Map<string, ExposureRow>();
    for (const p of batch) if (!unique.has(rowKey(p.row))) unique.set(rowKey(p.row), p.row);
    const inserted = await insertExposures(db, [...unique.values()]);
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
