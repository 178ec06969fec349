// `events` partitioned by UTC week on its time (migration 0079): retention drops a week that expired for every
// project in it and deletes only the rest past each cut-off; a replay stays one row even when it carries another time
// (the primary key now holds the time); rows that waited in the default partition move into their week.
import { describe, expect, test } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { seededDatabase } from "./support/fixtures";
import { rowsOf } from "@/db/client";
import { events, projects, userEventDays } from "@/db/schema";
import { ensureProject } from "@/lib/bootstrap/ensure";
import { enforceRetention } from "@/lib/retention/store/enforce";
import { ensureEventPartitions, eventPartitions } from "@/lib/retention/store/event-partitions";
import { ingestBatch } from "@/lib/ingest/batch";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";

const t = seededDatabase();
const DAY = 86_400_000;

const idsOf = async (projectId: string) =>
  (await t.h.db.select({ id: events.id }).from(events).where(eq(events.projectId, projectId))).map((r) => r.id).sort();
const partitionNames = async () => (await eventPartitions(t.h.db)).map((p) => p.name);
/** The partition that holds an event row. */
const partitionOf = async (projectId: string, id: string) =>
  rowsOf<{ part: string }>(await t.h.db.execute(sql`select tableoid::regclass::text as part from events where project_id = ${projectId} and id = ${id}`)).map((r) => r.part);

describe("events partitioned by week", () => {
  test("retention drops a week expired for every project in it and deletes only the other rows past the cut-off", async () => {
    // A Friday; 30 days earlier is Wednesday 2025-10-22, inside the week of Monday 2025-10-20.
    const now = new Date("2025-11-21T03:00:00Z");
    const ago = (d: number) => new Date(now.getTime() - d * DAY);
    await ensureEventPartitions(t.h.db, ago(70), now);
    const short = t.org.project.id;
    const long = (await ensureProject(t.h.db, t.org.org.id, "keeps 90 days")).id;
    await t.h.db.update(projects).set({ retentionDays: 30 }).where(eq(projects.id, short));
    await t.h.db.update(projects).set({ retentionDays: 90 }).where(eq(projects.id, long));
    await t.h.db.insert(events).values([
      ...[1, 29, 31, 45, 58].map((d) => ({ projectId: short, id: `short-${d}`, userId: "u1", name: "x", timestamp: ago(d) })),
      // In the week of short-58 (Monday 2025-09-22): that week stays, only the short project's row goes.
      { projectId: long, id: "long-60", userId: "u2", name: "x", timestamp: ago(60) },
    ]);
    expect(await partitionOf(short, "short-45")).toEqual(["events_w20251006"]);
    expect(await partitionOf(short, "short-58")).toEqual(["events_w20250922"]);

    const [result] = await enforceRetention(t.h.db, now, 1000, short);

    expect(result.deleted.events).toBe(3);
    expect(await idsOf(short)).toEqual(["short-1", "short-29"]);
    expect(await idsOf(long)).toEqual(["long-60"]);
    const left = await partitionNames();
    expect(left).not.toContain("events_w20251006");
    expect(left).toContain("events_w20250922");
    expect(left).toContain("events_w20251020");
    // Derived day bitmaps outlive the raw rows, as with row deletes.
    const [days] = await t.h.db.select({ events: userEventDays.events }).from(userEventDays).where(and(eq(userEventDays.projectId, short), eq(userEventDays.userId, "u1")));
    expect(days.events).toBe(5);
  });

  test("a replay of an event stores nothing new, also when it carries another time that falls in another week", async () => {
    const projectId = t.org.project.id;
    const item = (timestamp: string) => ({ id: "replayed-1", type: "event", timestamp, body: { name: "message_sent", userId: "u-replay" } });
    const first = await ingestBatch(t.h.db, projectId, { batch: [item("2025-11-03T10:00:00Z")] });
    expect(first.errors).toEqual([]);
    await ingestBatch(t.h.db, projectId, { batch: [item("2025-11-03T10:00:00Z")] });
    await ingestBatch(t.h.db, projectId, { batch: [item("2025-11-17T10:00:00Z")] });
    const rows = await t.h.db.select({ timestamp: events.timestamp }).from(events).where(and(eq(events.projectId, projectId), eq(events.id, "replayed-1")));
    expect(rows.map((r) => r.timestamp.toISOString())).toEqual(["2025-11-03T10:00:00.000Z"]);
    const [days] = await t.h.db.select({ events: userEventDays.events }).from(userEventDays).where(and(eq(userEventDays.projectId, projectId), eq(userEventDays.userId, "u-replay")));
    expect(days.events).toBe(1);
  });

  test("rows of a week without a partition wait in the default one and move into the week when it is created", async () => {
    const projectId = t.org.project.id;
    await t.h.db.insert(events).values({ projectId, id: "early-1", userId: "u-early", name: "x", timestamp: new Date("2024-03-06T12:00:00Z") });
    expect(await partitionOf(projectId, "early-1")).toEqual(["events_default"]);
    expect(await ensureEventPartitions(t.h.db, new Date("2024-03-04T00:00:00Z"), new Date("2024-03-11T00:00:00Z"))).toBe(1);
    expect(await partitionOf(projectId, "early-1")).toEqual(["events_w20240304"]);
    // Creating it again does nothing; moving the row did not count it twice in the rollups.
    expect(await ensureEventPartitions(t.h.db, new Date("2024-03-04T00:00:00Z"), new Date("2024-03-11T00:00:00Z"))).toBe(0);
    const [days] = await t.h.db.select({ events: userEventDays.events }).from(userEventDays).where(and(eq(userEventDays.projectId, projectId), eq(userEventDays.userId, "u-early")));
    expect(days.events).toBe(1);
  });

  test("erasing an end user removes their events from every week's partition", async () => {
    const projectId = t.org.project.id;
    await ensureEventPartitions(t.h.db, new Date("2025-06-02T00:00:00Z"), new Date("2025-06-16T00:00:00Z"));
    await t.h.db.insert(events).values(
      ["2025-06-03", "2025-06-10", "2023-01-01"].map((day, i) => ({ projectId, id: `gone-${i}`, userId: "u-gone", name: "x", timestamp: new Date(`${day}T08:00:00Z`) })),
    );
    await deleteEndUser(t.h.db, projectId, "u-gone");
    expect(await t.h.db.select().from(events).where(and(eq(events.projectId, projectId), eq(events.userId, "u-gone")))).toEqual([]);
  });
});
