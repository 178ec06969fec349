// Writes one item type's validated items so that a poison item fails alone: the bulk write is tried first (each
// type's write is atomic), and when the database refuses it, every item is retried on its own.

import type { Db } from "@/db/client";
import type { IngestResult, IngestType } from "./batch";
import { statusOfCode } from "@/lib/errors";
import { describeFailure } from "@/lib/errors/log-safe";
import { isPermanentFailure } from "./store-failure";
import { log } from "@/lib/log";
import { recordIngestItems } from "@/lib/metrics";

type Item = { id: string; timestamp: Date; body: unknown };

const RETRY_LATER = "Could not store the item (the database is unavailable); retry later";
const REFUSED = "The database refused this item's values; it will not be stored on retry";

async function attempt(db: Db, projectId: string, kind: IngestType<unknown>, items: Item[], result: IngestResult) {
  const failed = (await kind.write(db, projectId, items))?.failed ?? [];
  const refused = new Set(failed.map((f) => f.id));
  result.successes.push(...items.filter((i) => !refused.has(i.id)).map((i) => ({ id: i.id })));
  recordIngestItems(kind.type, "stored", items.length - refused.size);
  recordIngestItems(kind.type, "refused", refused.size);
  result.errors.push(...failed.map((f) => ({ id: f.id, status: statusOfCode(f.code), message: f.message })));
}

/** Appends each item's outcome to `result`; logs ids, counts and error codes, never item contents. */
export async function writeIsolated(db: Db, projectId: string, kind: IngestType<unknown>, items: Item[], result: IngestResult) {
  try {
    return await attempt(db, projectId, kind, items, result);
  } catch (err) {
    if (!isPermanentFailure(err) || items.length === 1) return record(kind, items, err, result);
  }
  for (const item of items) {
    try {
      await attempt(db, projectId, kind, [item], result);
    } catch (err) {
      record(kind, [item], err, result);
    }
  }
}

function record(kind: IngestType<unknown>, items: Item[], err: unknown, result: IngestResult) {
  const permanent = isPermanentFailure(err);
  const ids = items.slice(0, 20).map((i) => JSON.stringify(i.id.slice(0, 100))).join(", ");
  log("ingest").error({ type: kind.type, items: items.length, error: describeFailure(err), ids: `${ids}${items.length > 20 ? ", ..." : ""}` }, "ingest write failed");
  recordIngestItems(kind.type, permanent ? "refused" : "failed", items.length);
  result.errors.push(...items.map((i) => (permanent ? { id: i.id, status: 422, message: REFUSED } : { id: i.id, status: 503, message: RETRY_LATER })));
}
