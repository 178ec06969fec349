import { z } from "zod";
import type { Db } from "@/db/client";
import { events } from "@/db/schema";
import { getIngestContract } from "@/lib/catalog/ingest-contract";
import { checkEvents, tallyQuality } from "@/lib/catalog/ingest-check";
import { addQualityTallies } from "@/lib/catalog/store/quality";
import type { IngestType, ItemRefusal } from "./types";
import { eventTime } from "./fields";
import { markLateRowsStale } from "@/lib/insights/store/rollup-staleness";
import { storedEventIds } from "./store/stored-event-ids";

const eventBody = z.object({
  name: z.string().min(1, "is required").max(200),
  userId: z.string().max(200).optional(),
  sessionId: z.string().max(200).optional(),
  timestamp: eventTime.optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
type EventBody = z.infer<typeof eventBody>;
type EventItem = { id: string; timestamp: Date; body: EventBody };

/**
 * Rows for the items whose id is not stored yet: a replay changes nothing even when it carries another time (the
 * partition key is in the primary key, so the insert's own conflict check only covers the same id at the same time).
 */
async function newRowsOf(db: Db, projectId: string, items: EventItem[]) {
  const stored = await storedEventIds(db, projectId, items.map((i) => i.id));
  return rowsOf(projectId, items.filter((i) => !stored.has(i.id)));
}

function rowsOf(projectId: string, items: EventItem[]) {
  return items.map(({ id, timestamp, body }) => ({
    projectId,
    id,
    name: body.name,
    userId: body.userId ?? null,
    sessionId: body.sessionId ?? null,
    timestamp: body.timestamp ?? timestamp,
    properties: body.properties ?? {},
  }));
}

/**
 * Product events (`type: "event"`): name, user, session and free-form properties, checked against the project's
 * event catalog: `off` stores as before; `warn` stores and counts violations; `enforce` refuses a violating or
 * unknown event alone (422 naming the property) while its neighbours are stored.
 */
export const eventIngestType: IngestType<EventBody> = {
  type: "event",
  body: eventBody,
  async write(db, projectId, items) {
    const contract = await getIngestContract(db, projectId);
    // Events older than the root cause rollups' recompute window mark their hour stale (replays too: harmless).
    const late = (stored: EventItem[]) => markLateRowsStale(db, projectId, { eventTimes: stored.map((i) => i.body.timestamp ?? i.timestamp) });
    if (contract.mode === "off") {
      const rows = await newRowsOf(db, projectId, items);
      if (rows.length) await db.insert(events).values(rows).onConflictDoNothing();
      await late(items);
      return;
    }
    const checked = checkEvents(
      contract,
      items.map((i) => ({ id: i.id, name: i.body.name, at: i.body.timestamp ?? i.timestamp, properties: i.body.properties ?? {} })),
    );
    const refused = new Map(checked.filter((c) => c.refusal !== null).map((c) => [c.id, c.refusal!]));
    const kept = items.filter((i) => !refused.has(i.id));
    // Events and their counters land together; only newly stored ids are counted, so a replay changes nothing.
    await db.transaction(async (tx) => {
      const rows = await newRowsOf(tx, projectId, kept);
      const stored = rows.length ? await tx.insert(events).values(rows).onConflictDoNothing().returning({ id: events.id }) : [];
      await addQualityTallies(tx, projectId, tallyQuality(checked, new Set(stored.map((s) => s.id)), new Date()));
    });
    await late(kept);
    const failed: ItemRefusal[] = [...refused].map(([id, message]) => ({ id, code: "unprocessable", message }));
    return { failed };
  },
};
