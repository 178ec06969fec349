// Batch ingest item types of personalization: `item` (catalog upsert) and `interaction` (feedback on a catalog item).
// Both are idempotent: an item older than the stored entry changes nothing, an interaction is keyed by its batch id.
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { personalizationInteractions, personalizationItems } from "@/db/schema";
import type { IngestType, ItemRefusal } from "@/lib/ingest/types";
import { interactionBody, interactionRow, itemBody, type InteractionBody, type ItemBody } from "../feedback";
import { unknownItemReason } from "../dead-letters";
import { queueDeadLetters } from "./dead-letters";

export const itemIngestType: IngestType<ItemBody> = {
  type: "item",
  body: itemBody,
  async write(db, projectId, items) {
    // One row per itemId (a statement cannot upsert a row twice): the latest timestamp wins, the last on a tie.
    const latest = new Map<string, (typeof items)[number]>();
    for (const item of items) {
      const seen = latest.get(item.body.itemId);
      if (!seen || item.timestamp >= seen.timestamp) latest.set(item.body.itemId, item);
    }
    const rows = [...latest.values()].map(({ timestamp, body }) => ({
      projectId,
      itemId: body.itemId,
      kind: body.kind ?? null,
      title: body.title ?? null,
      tags: body.tags ?? [],
      categories: body.categories ?? [],
      creator: body.creator ?? null,
      attributes: body.attributes ?? {},
      text: body.text ?? null,
      publishedAt: body.publishedAt ?? null,
      updatedAt: timestamp,
    }));
    const t = personalizationItems;
    const excluded = (column: string) => sql.raw(`excluded.${column}`);
    await db
      .insert(t)
      .values(rows)
      .onConflictDoUpdate({
        target: [t.projectId, t.itemId],
        set: {
          kind: excluded("kind"),
          title: excluded("title"),
          tags: excluded("tags"),
          categories: excluded("categories"),
          creator: excluded("creator"),
          attributes: excluded("attributes"),
          text: excluded("text"),
          publishedAt: excluded("published_at"),
          updatedAt: excluded("updated_at"),
        },
        setWhere: gte(sql`excluded.updated_at`, t.updatedAt),
      });
  },
};

export const interactionIngestType: IngestType<InteractionBody> = {
  type: "interaction",
  body: interactionBody,
  async write(db, projectId, items) {
    const itemIds = [...new Set(items.map((i) => i.body.itemId))];
    const known = new Set(
      (
        await db
          .select({ itemId: personalizationItems.itemId })
          .from(personalizationItems)
          .where(and(eq(personalizationItems.projectId, projectId), inArray(personalizationItems.itemId, itemIds)))
      ).map((r) => r.itemId),
    );
    const unknown = items.filter((i) => !known.has(i.body.itemId));
    // Kept for the retry job, which stores them once their item arrives (up to the queue's cap).
    const queued = unknown.length ? await queueDeadLetters(db, projectId, unknown) : new Set<string>();
    const failed: ItemRefusal[] = unknown.map((i) => ({
      id: i.id,
      code: "not_found",
      message: `body.itemId: ${unknownItemReason(i.body.itemId)} (send an item with this itemId first); ${
        queued.has(i.id) ? "kept and retried with backoff for about 4 hours, so it is stored if the item arrives meanwhile" : "not kept for retry: the project's retry queue is full"
      }`,
    }));
    const ok = items.filter((i) => known.has(i.body.itemId));
    if (ok.length) await db.insert(personalizationInteractions).values(ok.map((i) => interactionRow(projectId, i))).onConflictDoNothing();
    return { failed };
  },
};

/** Catalog items first: an interaction may name an item sent earlier in the same batch. */
export const personalizationIngestTypes = [itemIngestType, interactionIngestType];
