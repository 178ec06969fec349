// Reads and retention across the hot and warm tiers: the Overview's days past hot retention come from the warm
// Parquet files with the same figures the hot events gave, retention deletes only exported days of warm-tier
// projects (and behaves as before for the others), and warm files expire after their own retention period.
import { describe, expect, test } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { and, eq, lt } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { temporaryWarehouse } from "./support/warehouse";
import { events, projects, storageManifest } from "@/db/schema";
import { dailyActivityWithSource } from "@/lib/overview/summary";
import { exportProjectEvents } from "@/lib/warehouse/export";
import { duckDbConnectionsOpened } from "@/lib/warehouse/duckdb";
import { expireWarmFiles } from "@/lib/warehouse/expire";
import { enforceRetention } from "@/lib/retention/store/enforce";
import { GET as overviewGet } from "@/app/api/v1/overview/route";

const t = seededDatabase();
const DAY = 86_400_000;
// Yesterday noon UTC: the API route reads at the real clock, 12 to 36 hours later, which still covers every seeded day.
const now = new Date(Math.floor(Date.now() / DAY) * DAY - DAY / 2);
const warehouse = temporaryWarehouse("prism-tiers");

/** A different mix of sessions, messages, errors, votes and users each day, `days` days back from `now`. */
function history(projectId: string, days: number, prefix = "") {
  return Array.from({ length: days }, (_, k) => k + 1).flatMap((d) =>
    Array.from({ length: 4 + (d % 5) }, (_, i) => {
      const name = ["session_started", "message_sent", "message_sent", "error", "feedback"][(i + d) % 5];
      return {
        projectId,
        id: `${prefix}${d}-${i}`,
        userId: i % 4 === 3 ? null : `u${(i * d) % 7}`,
        sessionId: `s${d}`,
        name,
        timestamp: new Date(now.getTime() - d * DAY + i * 1_800_000),
        properties: name === "feedback" ? { thumbs: (i + d) % 3 ? "up" : "down" } : {},
      };
    }),
  );
}

const setProject = (projectId: string, values: Partial<typeof projects.$inferInsert>) => t.h.db.update(projects).set(values).where(eq(projects.id, projectId));

describe("hot and warm tiers", () => {
  test("past hot retention, the Overview reads the warm tier with the same per-day figures; retention moves rows down", { timeout: 120_000 }, async () => {
    const projectId = t.org.project.id;
    await t.h.db.insert(events).values(history(projectId, 40));
    await setProject(projectId, { retentionDays: 365, warmTier: true });
    const duckBefore = duckDbConnectionsOpened();
    const hot = await dailyActivityWithSource(t.h.db, projectId, 60, now);
    expect(hot.days).toHaveLength(40);
    // Nothing reached past hot retention: DuckDB was not used.
    expect(duckDbConnectionsOpened()).toBe(duckBefore);

    const exported = await exportProjectEvents(t.h.db, projectId, { now, root: warehouse.dir() });
    expect(exported.written).toHaveLength(40);

    // Hot retention shortened to 10 days, hot rows still all there: days before the cut-off are read warm.
    await setProject(projectId, { retentionDays: 10 });
    const mixed = await dailyActivityWithSource(t.h.db, projectId, 60, now);
    expect(duckDbConnectionsOpened()).toBeGreaterThan(duckBefore);
    expect(mixed.days).toEqual(hot.days);
    // The rollup backfill is offered only the hot days (it recomputes from hot rows, which warm days may lack).
    const cutoffDay = new Date(Math.floor((now.getTime() - 10 * DAY) / DAY) * DAY);
    expect(mixed.missingRollups?.from).toBe(new Date(cutoffDay.getTime() + DAY).toISOString());

    // Retention deletes the exported whole days that ended before the cut-off (day −11 and older), keeps the rest.
    const [result] = await enforceRetention(t.h.db, now, 1000, projectId);
    expect(result.warmTier).toBe(true);
    const expectedGone = history(projectId, 40).filter((e) => e.timestamp < cutoffDay).length;
    expect(result.deleted.events).toBe(expectedGone);
    expect(await t.h.db.$count(events, and(eq(events.projectId, projectId), lt(events.timestamp, cutoffDay)))).toBe(0);

    // The hot rows are gone; the figures are not, through the library and the API alike.
    expect((await dailyActivityWithSource(t.h.db, projectId, 60, now)).days).toEqual(hot.days);
    const res = await call(overviewGet, "/api/v1/overview?range=90d", { headers: bearer(t.org.apiKey.secretKey) });
    expect(res.status).toBe(200);
    expect(res.json.days).toEqual(hot.days);
  });

  test("retention: warm tier off deletes as before; on, a day not exported yet stays hot until it is", { timeout: 120_000 }, async () => {
    const other = await seedOrg(t.h.db);
    await t.h.db.insert(events).values(history(other.project.id, 20, "off-"));
    await setProject(other.project.id, { retentionDays: 10 });
    const [off] = await enforceRetention(t.h.db, now, 1000, other.project.id);
    expect(off.warmTier).toBe(false);
    const cutoff = new Date(now.getTime() - 10 * DAY);
    expect(off.deleted.events).toBe(history(other.project.id, 20).filter((e) => e.timestamp < cutoff).length);

    const warm = await seedOrg(t.h.db);
    await t.h.db.insert(events).values(history(warm.project.id, 20, "on-"));
    await setProject(warm.project.id, { retentionDays: 10, warmTier: true });
    const [before] = await enforceRetention(t.h.db, now, 1000, warm.project.id);
    expect(before.deleted.events).toBe(0);
    await exportProjectEvents(t.h.db, warm.project.id, { now, root: warehouse.dir() });
    const [after] = await enforceRetention(t.h.db, now, 1000, warm.project.id);
    const cutoffDay = new Date(Math.floor(cutoff.getTime() / DAY) * DAY);
    expect(after.deleted.events).toBe(history(warm.project.id, 20).filter((e) => e.timestamp < cutoffDay).length);
  });

  test("warm files past the warm retention period are deleted with their manifest rows", async () => {
    const projectId = t.org.project.id;
    await setProject(projectId, { warmRetentionDays: 30 });
    const files = await t.h.db.select().from(storageManifest).where(eq(storageManifest.projectId, projectId));
    const expired = files.filter((f) => Date.parse(`${f.eventDate}T00:00:00Z`) + DAY <= now.getTime() - 30 * DAY);
    expect(expired.length).toBeGreaterThan(5);
    expect(await expireWarmFiles(t.h.db, now, projectId, warehouse.dir())).toBe(expired.length);
    for (const f of expired) expect(fs.existsSync(path.join(warehouse.dir(), f.path))).toBe(false);
    expect(await t.h.db.$count(storageManifest, eq(storageManifest.projectId, projectId))).toBe(files.length - expired.length);
    // Those days are gone from every tier: the Overview no longer shows them (and invents nothing in their place).
    const days = (await dailyActivityWithSource(t.h.db, projectId, 60, now)).days.map((d) => d.day);
    expect(days).toHaveLength(files.length - expired.length);
  });
});
