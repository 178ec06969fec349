// The orphan sweep: after export and compaction, files the manifest does not name (a month file from a re-compaction
// that crashed before its swap, a temp file of a dead write) are deleted once an hour old; a young one (a write in
// flight) and every file the manifest names stay, and the warm reads and the validator are unchanged.
import { expect, test } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { seededDatabase } from "./support/fixtures";
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
