// The contract of one batch-ingest item kind, in a leaf module: item types implement it without importing the
// registry (lib/ingest/batch.ts) that lists them, so there is no import cycle.
import type { z } from "zod";
import type { Db } from "@/db/client";
import type { ErrorCode } from "@/lib/errors";

export interface IngestResult {
  /** `status: "duplicate"` marks a repeat of an earlier item id of the same type in this batch (not stored again). */
  successes: { id: string; status?: "duplicate" }[];
  errors: { id: string | null; status: number; message: string }[];
}

/** An item a kind's write refused, in domain terms; the batch reply turns the code into the item's status. */
export interface ItemRefusal {
  id: string;
  code: ErrorCode;
  message: string;
}

/** One item kind of the batch API: its body schema and how to write a validated chunk of them. */
export interface IngestType<B> {
  type: string;
  body: z.ZodType<B>;
  /** Writes the items idempotently (a replayed id changes nothing); may refuse some items (e.g. unknown target). */
  write(db: Db, projectId: string, items: { id: string; timestamp: Date; body: B }[]): Promise<void | { failed: ItemRefusal[] }>;
}
