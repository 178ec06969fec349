// The `item` and `interaction` batch items through the real ingest route: catalog upserts (newer wins), interactions
// idempotent on their batch id, an interaction naming an item not yet in the catalog refused alone, and validation.
import { expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { endUsers, personalizationInteractions, personalizationItems } from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";

const t = seededDatabase();
const post = (batch: unknown[]) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: { batch } });
const items = () => t.h.db.select().from(personalizationItems).where(eq(personalizationItems.projectId, t.org.project.id));
const interactions = () => t.h.db.select().from(personalizationInteractions).where(eq(personalizationInteractions.projectId, t.org.project.id));

test("an interaction may name an item sent later in the same batch; one naming an unknown item fails alone", async () => {
  const ts = "2026-11-20T10:00:00Z";
  const res = await post([
    { id: "i-1", type: "interaction", timestamp: ts, body: { userId: "reader_1", itemId: "song-1", type: "play", sessionId: "s1", deviceType: "mobile", locale: "de-DE" } },
    { id: "i-2", type: "interaction", timestamp: ts, body: { userId: "reader_1", itemId: "nowhere", type: "like" } },
    { id: "c-1", type: "item", timestamp: ts, body: { itemId: "song-1", kind: "song", title: "First", tags: ["calm"], categories: ["jazz"], creator: "ann", attributes: { bpm: 90, mood: "soft" }, publishedAt: "2026-11-01T00:00:00Z" } },
    { id: "i-3", type: "interaction", timestamp: ts, body: { userId: "reader_2", itemId: "song-1", type: "rating", value: 5 } },
  ]);
  expect(res.status).toBe(207);
  expect(res.json.successes.map((s: { id: string }) => s.id).sort()).toEqual(["c-1", "i-1", "i-3"]);
  expect(res.json.errors).toEqual([
    {
      id: "i-2",
      status: 404,
      message: 'body.itemId: item "nowhere" is not in the catalog yet (send an item with this itemId first); kept and retried with backoff for about 4 hours, so it is stored if the item arrives meanwhile',
    },
  ]);
  const [item] = await items();
  expect(item).toMatchObject({ itemId: "song-1", kind: "song", title: "First", tags: ["calm"], categories: ["jazz"], creator: "ann", attributes: { bpm: 90, mood: "soft" } });
  expect(item.publishedAt?.toISOString()).toBe("2026-11-01T00:00:00.000Z");
  const rows = await interactions();
  expect(rows.map((r) => [r.id, r.userId, r.itemId, r.type, r.value]).sort()).toEqual([
    ["i-1", "reader_1", "song-1", "play", null],
    ["i-3", "reader_2", "song-1", "rating", 5],
  ]);
  expect(rows.find((r) => r.id === "i-1")).toMatchObject({ sessionId: "s1", deviceType: "mobile", locale: "de-DE", schemaVersion: 2, occurredAt: new Date(ts) });
  // Interacting users are end users from their first interaction.
  const users = await t.h.db.select().from(endUsers).where(and(eq(endUsers.projectId, t.org.project.id), eq(endUsers.userId, "reader_2")));
  expect(users).toHaveLength(1);

  // The refused interaction succeeds once its item exists; a replay of the others changes nothing.
  await post([{ id: "c-2", type: "item", timestamp: ts, body: { itemId: "nowhere" } }]);
  const again = await post([
    { id: "i-2", type: "interaction", timestamp: ts, body: { userId: "reader_1", itemId: "nowhere", type: "like" } },
    { id: "i-1", type: "interaction", timestamp: ts, body: { userId: "reader_1", itemId: "song-1", type: "purchase" } },
  ]);
  expect(again.json.errors).toEqual([]);
  const after = await interactions();
  expect(after).toHaveLength(3);
  expect(after.find((r) => r.id === "i-1")?.type).toBe("play");
});

test("a catalog item is replaced by a newer item and kept against an older one", async () => {
  await post([{ id: "u-1", type: "item", timestamp: "2026-11-20T10:00:00Z", body: { itemId: "film-1", title: "Old title", tags: ["a"] } }]);
  await post([{ id: "u-2", type: "item", timestamp: "2026-11-21T10:00:00Z", body: { itemId: "film-1", title: "New title" } }]);
  await post([{ id: "u-3", type: "item", timestamp: "2026-11-19T10:00:00Z", body: { itemId: "film-1", title: "Stale title" } }]);
  // Two versions of one item in a batch: the later timestamp wins.
  await post([
    { id: "u-5", type: "item", timestamp: "2026-11-23T10:00:00Z", body: { itemId: "film-2", title: "Latest" } },
    { id: "u-4", type: "item", timestamp: "2026-11-22T10:00:00Z", body: { itemId: "film-2", title: "Earlier" } },
  ]);
  const rows = await items();
  expect(rows.find((r) => r.itemId === "film-1")).toMatchObject({ title: "New title", tags: [], updatedAt: new Date("2026-11-21T10:00:00Z") });
  expect(rows.find((r) => r.itemId === "film-2")?.title).toBe("Latest");
});

test("invalid bodies are refused per item, naming the field", async () => {
  const ts = "2026-11-20T10:00:00Z";
  const res = await post([
    { id: "v-1", type: "interaction", timestamp: ts, body: { userId: "u", itemId: "song-1", type: "rating" } },
    { id: "v-2", type: "interaction", timestamp: ts, body: { userId: "u", itemId: "song-1", type: "share" } },
    { id: "v-3", type: "item", timestamp: ts, body: { itemId: "x", attributes: { nested: { a: 1 } } } },
    { id: "v-4", type: "item", timestamp: ts, body: { title: "no id" } },
    { id: "v-5", type: "interaction", timestamp: ts, body: { userId: "u", itemId: "song-1", type: "skip" } },
  ]);
  expect(res.json.successes).toEqual([{ id: "v-5" }]);
  const byId = Object.fromEntries(res.json.errors.map((e: { id: string; status: number; message: string }) => [e.id, e]));
  expect(byId["v-1"]).toEqual({ id: "v-1", status: 400, message: "body.value: a rating needs a value from 1 to 5" });
  expect(byId["v-2"].message).toMatch(/^body\.type: must be one of view, play/);
  expect(byId["v-3"].message).toMatch(/^body\.attributes\.nested: /);
  expect(byId["v-4"].message).toMatch(/^body\.itemId: /);
});
