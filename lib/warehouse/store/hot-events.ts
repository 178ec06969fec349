// The hot side of the warm export: a project's events in pages (which days have rows: store/datasets.ts hotDays).
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";

/** The text of an event row as the export's fingerprint hashes it (every column the warm file keeps). */
export const EVENT_ROW_TEXT = "row(id, user_id, session_id, name, timestamp, properties, received_at)::text";

/** One event as the warm tier stores it: times in epoch microseconds (exact), properties as JSON text. */
export interface HotEventRow {
  id: string;
  userId: string | null;
  sessionId: string | null;
  name: string;
  timestampUs: bigint;
  properties: string;
  receivedAtUs: bigint;
}

export interface EventPageCursor {
  /** The last row's timestamp as Postgres prints it (exact to the microsecond) and its id. */
  timestamp: string;
  id: string;
}

/** A page of a project's events in [from, to), in (timestamp, id) order after `after`. */
export async function hotEventPage(db: Db, projectId: string, from: Date, to: Date, after: EventPageCursor | null, limit: number) {
  const result = await db.execute(sql`
    select id, user_id, session_id, name, properties::text as properties, timestamp::text as ts,
      ((extract(epoch from timestamp) * 1000000)::bigint)::text as ts_us,
      ((extract(epoch from received_at) * 1000000)::bigint)::text as received_us
    from events
    where project_id = ${projectId} and timestamp >= ${from.toISOString()}::timestamptz and timestamp < ${to.toISOString()}::timestamptz
      ${after ? sql`and (timestamp, id) > (${after.timestamp}::timestamptz, ${after.id})` : sql``}
    order by timestamp, id limit ${limit}`);
  const rows = rowsOf<{ id: string; user_id: string | null; session_id: string | null; name: string; properties: string; ts: string; ts_us: string; received_us: string }>(result);
  const last = rows[rows.length - 1];
  return {
    rows: rows.map((r): HotEventRow => ({
      id: r.id,
      userId: r.user_id,
      sessionId: r.session_id,
      name: r.name,
      timestampUs: BigInt(r.ts_us),
      properties: r.properties,
      receivedAtUs: BigInt(r.received_us),
    })),
    next: last ? { timestamp: last.ts, id: last.id } : null,
  };
}
