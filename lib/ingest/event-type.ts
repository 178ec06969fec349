import { z } from "zod";
import { events } from "@/db/schema";
import { getIngestContract } from "@/lib/catalog/ingest-contract";
import { checkEvents, tallyQuality } from "@/lib/catalog/ingest-check";
import { addQualityTallies } from "@/lib/catalog/store/quality";
import type { IngestType, ItemRefusal } from "./types";
import { eventTime } from "./fields";
import { markLateRowsStale } from "@/lib/insights/store/rollup-staleness";

const eventBody = z.object({
  name: z.string().min(1, "is required").max(200),
  userId: z.string().max(200).optional(),
  sessionId: z.string().max(200).optional(),
  timestamp: eventTime.optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
type EventBody = z.infer<typeof eventBody>;
type EventItem = { id: string; timestamp: Date; body: EventBody };

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
      await db.insert(events).values(rowsOf(projectId, items)).onConflictDoNothing();
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
      const stored = kept.length ? await tx.insert(events).values(rowsOf(projectId, kept)).onConflictDoNothing().returning({ id: events.id }) : [];
      await addQualityTallies(tx, projectId, tallyQuality(checked, new Set(stored.map((s) => s.id)), new Date()));
    });
    await late(kept);
    const failed: ItemRefusal[] = [...refused].map(([id, message]) => ({ id, code: "unprocessable", message }));
    return { failed };
  },
};
