// Values the indexed tables could not hold, refused at acceptance (the edge) rather than at the merge, after the client
// was told its spans were accepted: a B-tree index entry must fit in a third of a page (~2,700 bytes), so an
// indexed text column (user id, session id, model) longer than this bound would make PostgreSQL refuse the row (54000).
import type { ObservationRow, TraceRow } from "../store/rows";

/** Longest accepted user id, session id or model name, in UTF-8 bytes. */
export const MAX_INDEXED_TEXT_BYTES = 1_000;

const tooLong = (v: string | null | undefined) => typeof v === "string" && v.length > MAX_INDEXED_TEXT_BYTES / 4 && Buffer.byteLength(v) > MAX_INDEXED_TEXT_BYTES;

/** Drops every trace (with all its spans of this request) that holds a value the indexes cannot store. */
export function dropUnindexable(traceRows: TraceRow[], observationRows: ObservationRow[]) {
  const bad = new Set<string>();
  for (const t of traceRows) if (tooLong(t.userId) || tooLong(t.sessionId)) bad.add(t.id);
  for (const o of observationRows) if (tooLong(o.model)) bad.add(o.traceId);
  if (bad.size === 0) return { traceRows, observationRows, rejectedSpans: 0 };
  const kept = observationRows.filter((o) => !bad.has(o.traceId));
  return { traceRows: traceRows.filter((t) => !bad.has(t.id)), observationRows: kept, rejectedSpans: observationRows.length - kept.length };
}
