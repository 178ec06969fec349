// Warm-tier housekeeping. The orphan sweep: after export and compaction, files the manifest does not name (a month file from a re-compaction
// that crashed before its swap, a temp file of a dead write) are deleted once an hour old; a young one (a write in
// flight) and every file the manifest names stay, and the warm reads and the validator are unchanged.
import { expect, test } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { seededDatabase, seedOrg } from "./support/fixtures";
import { temporaryWarehouse } from "./support/warehouse";
import { events, projects } from "@/db/schema";
import { exportProjectEvents } from "@/lib/warehouse/export";
import { compactProject } from "@/lib/warehouse/compact";
import { sweepOrphans } from "@/lib/warehouse/sweep";
import { validateManifest } from "@/lib/warehouse/validate";
import { allFiles } from "@/lib/warehouse/store/manifest";
import { dailyActivityWithSource } from "@/lib/overview/summary";

const t = seededDatabase();
const warehouse = temporaryWarehouse("prism-sweep");
const DAY = 86_400_000;
const NOW = new Date("2026-03-18T15:00:00Z");

test("the sweep deletes files the manifest does not name, an hour old or more, and nothing else", { timeout: 120_000 }, async () => {
  const db = t.h.db;
  const projectId = t.org.project.id;
  await db.insert(events).values(
    Array.from({ length: 60 }, (_, d) => ({ projectId, id: `e${d}`, userId: `u${d % 4}`, sessionId: `s${d}`, name: d % 3 ? "message_sent" : "session_started", timestamp: new Date(NOW.getTime() - (d + 1) * DAY) })),
  );
  await db.update(projects).set({ warmTier: true, retentionDays: 5 }).where(eq(projects.id, projectId));
  await exportProjectEvents(db, projectId, { now: NOW, root: warehouse.dir() });
  const compacted = await compactProject(db, projectId, { now: NOW, root: warehouse.dir() });
  expect(compacted.compacted.length).toBeGreaterThanOrEqual(1);
  const overview = await dailyActivityWithSource(db, projectId, 70, NOW);
  const named = [...new Set((await allFiles(db, projectId)).map((f) => f.path))].sort();

  // Planted: a month file under another tag (a crashed re-compaction) and a temp file, both two hours old; a young one.
  const month = compacted.compacted[0].path;
  const abs = (relative: string) => path.join(warehouse.dir(), relative);
  const orphanMonth = month.replace(/-[0-9a-f]+\.parquet$/, "-0123456789abcdef.parquet");
  const deadTemp = path.posix.join(path.posix.dirname(named[named.length - 1]), ".events.parquet.tmp-a1b2c3");
  const young = path.posix.join(path.posix.dirname(month), "events-fedcba9876543210.parquet");
  for (const p of [orphanMonth, deadTemp, young]) fs.copyFileSync(abs(month), abs(p));
  const twoHoursAgo = new Date(NOW.getTime() - 2 * 3_600_000);
  for (const p of [orphanMonth, deadTemp]) fs.utimesSync(abs(p), twoHoursAgo, twoHoursAgo);
  fs.utimesSync(abs(young), new Date(NOW.getTime() - 60_000), new Date(NOW.getTime() - 60_000));

  const swept = await sweepOrphans(db, projectId, { now: NOW, root: warehouse.dir() });
  expect(swept.deleted).toEqual([deadTemp, orphanMonth].sort());
  expect(swept.bytes).toBe(2 * fs.statSync(abs(month)).size);
  expect(fs.existsSync(abs(young))).toBe(true);
  for (const p of named) expect(fs.existsSync(abs(p))).toBe(true);
  expect((await validateManifest(db, projectId, warehouse.dir())).problems).toEqual([]);
  expect(await dailyActivityWithSource(db, projectId, 70, NOW)).toEqual(overview);
  // Once the young file is old too, the next run takes it; then nothing is left to sweep.
  expect((await sweepOrphans(db, projectId, { now: new Date(NOW.getTime() + 2 * 3_600_000), root: warehouse.dir() })).deleted).toEqual([young]);
  expect((await sweepOrphans(db, projectId, { now: new Date(NOW.getTime() + 2 * 3_600_000), root: warehouse.dir() })).deleted).toEqual([]);
});

test("with a size cap, a closed month becomes several files each under it; the reads and the validator agree", { timeout: 120_000 }, async () => {
  const db = t.h.db;
  const { project } = await seedOrg(db);
  const projectId = project.id;
  // 120 events a day with varied properties, so a day's file is mostly data, not Parquet metadata.
  await db.insert(events).values(
    Array.from({ length: 60 }, (_, d) =>
      Array.from({ length: 120 }, (_, i) => ({
        projectId,
        id: `c${d}-${i}`,
        userId: `u${(d * 7 + i) % 23}`,
        sessionId: `s${d}-${i % 9}`,
        name: ["message_sent", "session_started", "feedback", "error"][(d + i) % 4],
        timestamp: new Date(NOW.getTime() - (d + 1) * DAY + i * 600_000),
        properties: { n: (d * 131 + i * 977) % 10007, text: `w${(d * 31 + i * 17) % 997}` },
      })),
    ).flat(),
  );
  await db.update(projects).set({ warmTier: true, retentionDays: 5 }).where(eq(projects.id, projectId));
  await exportProjectEvents(db, projectId, { now: NOW, root: warehouse.dir() });
  const overview = await dailyActivityWithSource(db, projectId, 70, NOW);
  const daily = await allFiles(db, projectId);
  const cap = 5 * Math.max(...daily.map((f) => f.bytes));

  // Runs until nothing is left to merge (a merged file can come out smaller than its inputs, so a later run may join two).
  let runs = 0;
  for (; runs < 6; runs++) if (!(await compactProject(db, projectId, { now: NOW, root: warehouse.dir(), maxFileBytes: cap })).compacted.length) break;
  expect(runs).toBeLessThan(6);
  const after = await allFiles(db, projectId);
  const february = after.filter((f) => f.eventDate.startsWith("2026-02"));
  const files = new Map(february.map((f) => [f.path, f.bytes]));
  // 28 daily files of February became several month files, none over the cap.
  expect(files.size).toBeGreaterThan(1);
  expect(files.size).toBeLessThan(28);
  expect([...files.keys()].every((p) => /\/month=2026-02\//.test(p))).toBe(true);
  expect(Math.max(...files.values())).toBeLessThanOrEqual(cap);
  expect((await validateManifest(db, projectId, warehouse.dir())).problems).toEqual([]);
  expect(await dailyActivityWithSource(db, projectId, 70, NOW)).toEqual(overview);
  // Without the cap the month becomes one file, as before.
  await compactProject(db, projectId, { now: NOW, root: warehouse.dir() });
  expect(new Set((await allFiles(db, projectId)).filter((f) => f.eventDate.startsWith("2026-02")).map((f) => f.path)).size).toBe(1);
  expect(await dailyActivityWithSource(db, projectId, 70, NOW)).toEqual(overview);
});
