// Compaction of the warm tier: closed months merged from daily Parquet files into one file per month and table give
// the Overview and Costs the same figures as the hot tables, keep the validator clean, and are idempotent; a crash
// between the steps (after writing the month file, after swapping the manifest) loses and double-counts nothing; a day
// whose hot rows change after its export (same row count included) is rewritten, inside its month file if compacted.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { toInngestFunction } from "@/inngest/client";
import { warehouseExport } from "@/inngest/functions/warehouse-export";
import { WAREHOUSE_EXPORT_REQUESTED } from "@/lib/jobs/catalog";
import fs from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { seedOrg } from "./support/fixtures";
import { snapshotTestDb, type TestDbSnapshot } from "./support/db";
import { temporaryWarehouse, warehouseCopy } from "./support/warehouse";
import { rounded, seedTraceHistory } from "./support/trace-history";
import { events, projects, storageManifest, traces } from "@/db/schema";
import type { Db, DbHandle } from "@/db/client";
import { exportProjectTiers } from "@/lib/warehouse/export";
import { compactProject } from "@/lib/warehouse/compact";
import { validateManifest } from "@/lib/warehouse/validate";
import { expireWarmFiles } from "@/lib/warehouse/expire";
import { enforceRetention } from "@/lib/retention/store/enforce";
import { costReport } from "@/lib/traces/cost-report";
import { dailyActivityWithSource } from "@/lib/overview/summary";

const DAY = 86_400_000;
const DAYS = 70;
const RETENTION = 4;
// The boards read at the real clock (Costs has no clock argument): the seeded history ends now.
const now = new Date();
const warehouse = temporaryWarehouse("prism-compact");
const range = { preset: null, from: new Date(now.getTime() - (DAYS + 2) * DAY), to: now, compare: false } as const;

/** Events each day back to DAYS, a different mix per day. */
function eventHistory(projectId: string) {
  return Array.from({ length: DAYS }, (_, k) => k + 1).flatMap((d) =>
    Array.from({ length: 3 + (d % 4) }, (_, i) => {
      const name = ["session_started", "message_sent", "error", "feedback"][(i + d) % 4];
      return {
        projectId,
        id: `e${d}-${i}`,
        userId: `u${(i * d) % 5}`,
        sessionId: `s${d}`,
        name,
        timestamp: new Date(Math.floor(now.getTime() / DAY) * DAY - d * DAY + i * 3_600_000),
        properties: name === "feedback" ? { thumbs: (i + d) % 3 ? "up" : "down" } : {},
      };
    }),
  );
}

/** Both boards' figures: the Overview's days and the Costs board over the whole history. */
async function figures(db: Db, projectId: string) {
  return { overview: (await dailyActivityWithSource(db, projectId, DAYS + 2, now)).days, costs: rounded(await costReport(db, projectId, {}, range)) };
}

const manifest = (db: Db, projectId: string) =>
  db.select().from(storageManifest).where(and(eq(storageManifest.projectId, projectId), eq(storageManifest.tier, "warm"))).orderBy(storageManifest.tableName, storageManifest.eventDate);

function parquetUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? parquetUnder(path.join(dir, e.name)) : e.name.endsWith(".parquet") ? [path.join(dir, e.name)] : []));
}

/** Months (YYYY-MM) that ended before the day of the hot cut-off with two days or more: the ones compaction merges. */
function closedMonths(): string[] {
  const cutoffDay = new Date(Math.floor((now.getTime() - RETENTION * DAY) / DAY) * DAY).toISOString().slice(0, 10);
  const days = new Map<string, number>();
  for (let d = 1; d <= DAYS; d++) {
    const day = new Date(now.getTime() - d * DAY);
    const next = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    if (next <= cutoffDay) days.set(day.toISOString().slice(0, 7), (days.get(day.toISOString().slice(0, 7)) ?? 0) + 1);
  }
  return [...days].filter(([, n]) => n >= 2).map(([m]) => m);
}

/** A project with DAYS of events and traces, exported, its hot figures measured first; hot retention then RETENTION days. */
async function exportedProject(db: Db, projectId: string) {
  await db.insert(events).values(eventHistory(projectId));
  await seedTraceHistory(db, projectId, now, DAYS);
  await db.update(projects).set({ warmTier: true, retentionDays: 3650 }).where(eq(projects.id, projectId));
  const hot = await figures(db, projectId);
  await exportProjectTiers(db, projectId, { now, root: warehouse.dir() });
  await db.update(projects).set({ retentionDays: RETENTION }).where(eq(projects.id, projectId));
  return hot;
}

type Figures = Awaited<ReturnType<typeof figures>>;
/**
 * The file's fixture, built once (exporting DAYS of four tables is most of this file's time): a project exported as
 * exportedProject leaves it, with its hot figures. Each test works on its own copy of the database and warm folder.
 */
let exported: TestDbSnapshot<{ projectId: string; hot: Figures }>;
// A last-resort cap: on a busy shared machine the export takes minutes (12 min at load 30), and waiting is not failing.
beforeAll(async () => {
  exported = await snapshotTestDb(async (h) => {
    const { project } = await seedOrg(h.db);
    return { projectId: project.id, hot: await exportedProject(h.db, project.id) };
  });
}, 1_200_000);
afterAll(async () => exported?.drop());

/** This test's copy: its database (with the exported project) and warm folder. */
const w = {} as { h: DbHandle; db: Db; dir: string; projectId: string; hot: Figures; remove: () => void };
beforeEach(async () => {
  const h = await exported.copy();
  const folder = warehouseCopy(warehouse.dir());
  Object.assign(w, { h, db: h.db, dir: folder.dir, remove: folder.remove, ...exported.built });
}, 180_000);
afterEach(async () => {
  w.remove();
  await w.h.close();
});

describe("warm tier compaction", () => {
  test("closed months become one file per table; the boards, the validator and a re-run agree", { timeout: 300_000 }, async () => {
    const { projectId, hot } = w;
    const months = closedMonths();
    expect(months.length).toBeGreaterThanOrEqual(2);
    const before = await manifest(w.db, projectId);
    const eventsDir = path.join(w.dir, projectId, "events");
    expect(parquetUnder(eventsDir)).toHaveLength(DAYS);

    const done = await compactProject(w.db, projectId, { now, root: w.dir });
    // Every warm table (events, traces, observations, scores) of every closed month.
    expect(new Set(done.compacted.map((c) => c.table))).toEqual(new Set(["events", "traces", "observations", "scores"]));
    expect(new Set(done.compacted.map((c) => c.month))).toEqual(new Set(months));
    const after = await manifest(w.db, projectId);
    // One manifest row per day still, with the same row counts; a closed month's days all name one file.
    expect(after.map((m) => [m.tableName, m.eventDate, m.rows])).toEqual(before.map((m) => [m.tableName, m.eventDate, m.rows]));
    for (const month of months) expect(new Set(after.filter((m) => m.tableName === "events" && m.eventDate.startsWith(month)).map((m) => m.path)).size).toBe(1);
    const monthDays = after.filter((m) => m.tableName === "events" && months.includes(m.eventDate.slice(0, 7))).length;
    expect(parquetUnder(eventsDir)).toHaveLength(DAYS - monthDays + months.length);
    expect(await validateManifest(w.db, projectId, w.dir)).toMatchObject({ problems: [] });

    // Past hot retention the boards read the month files, with the hot figures; so after retention removed the rows.
    expect(await figures(w.db, projectId)).toEqual(hot);
    await enforceRetention(w.db, now, 10_000, projectId);
    expect(await w.db.$count(events, eq(events.projectId, projectId))).toBeLessThan(eventHistory(projectId).length / 5);
    expect(await figures(w.db, projectId)).toEqual(hot);

    // Idempotent: nothing left to merge, no file touched.
    expect(await compactProject(w.db, projectId, { now, root: w.dir })).toMatchObject({ compacted: [], leftoversDeleted: 0 });
    expect((await manifest(w.db, projectId)).map((m) => m.sha256)).toEqual(after.map((m) => m.sha256));

    // Warm retention reaching into a month rewrites the month file without the expired days (and keeps the rest).
    const newestClosed = months[0];
    const monthRows = after.filter((m) => m.tableName === "events" && m.eventDate.startsWith(newestClosed));
    const keepFrom = monthRows[Math.floor(monthRows.length / 2)].eventDate;
    const warmDays = Math.floor((now.getTime() - Date.parse(`${keepFrom}T00:00:00Z`)) / DAY);
    await w.db.update(projects).set({ warmRetentionDays: warmDays }).where(eq(projects.id, projectId));
    const expired = after.filter((m) => Date.parse(`${m.eventDate}T00:00:00Z`) + DAY <= now.getTime() - warmDays * DAY);
    expect(expired.length).toBeGreaterThan(0);
    expect(await expireWarmFiles(w.db, now, projectId, w.dir)).toBe(expired.length);
    const left = await manifest(w.db, projectId);
    expect(left).toHaveLength(after.length - expired.length);
    expect(await validateManifest(w.db, projectId, w.dir)).toMatchObject({ problems: [] });
    const days = (await dailyActivityWithSource(w.db, projectId, DAYS + 2, now)).days;
    expect(days).toEqual(hot.overview.filter((d) => !expired.some((e) => e.tableName === "events" && e.eventDate === d.day)));
    expect(days.length).toBeLessThan(hot.overview.length);
    await w.db.update(projects).set({ warmRetentionDays: 180 }).where(eq(projects.id, projectId));
  });

  test("a crash after writing the month file, or after the swap, loses and double-counts nothing", { timeout: 300_000 }, async () => {
    const project = { id: w.projectId };
    const hot = w.hot;
    const before = await manifest(w.db, project.id);
    const eventsDir = path.join(w.dir, project.id, "events");
    const crash = (at: string) => async (step: string) => {
      if (step === at) throw new Error(`crash ${at}`);
    };

    // Crash 1: the month file is written, the manifest still names the daily files.
    await expect(compactProject(w.db, project.id, { now, root: w.dir, afterStep: crash("written") })).rejects.toThrow("crash written");
    expect(await manifest(w.db, project.id)).toEqual(before);
    expect(await figures(w.db, project.id)).toEqual(hot);
    expect(await validateManifest(w.db, project.id, w.dir)).toMatchObject({ problems: [] });

    // Crash 2 (the retry): the manifest now names the month files; the daily files are still on disk, unread.
    await expect(compactProject(w.db, project.id, { now, root: w.dir, afterStep: crash("swapped") })).rejects.toThrow("crash swapped");
    const swapped = await manifest(w.db, project.id);
    expect(swapped.some((m) => m.path.includes("/month="))).toBe(true);
    expect(swapped.map((m) => [m.tableName, m.eventDate, m.rows])).toEqual(before.map((m) => [m.tableName, m.eventDate, m.rows]));
    expect(await figures(w.db, project.id)).toEqual(hot);
    expect(await validateManifest(w.db, project.id, w.dir)).toMatchObject({ problems: [] });
    const leftover = parquetUnder(eventsDir).filter((f) => f.includes("/event_date=")).length;
    expect(leftover).toBe(DAYS);

    // The next run finishes: leftovers deleted, every closed month in one file, figures unchanged.
    const finished = await compactProject(w.db, project.id, { now, root: w.dir });
    expect(finished.leftoversDeleted).toBeGreaterThan(0);
    const monthPaths = new Set((await manifest(w.db, project.id)).filter((m) => m.tableName === "events" && m.path.includes("/month=")).map((m) => m.path));
    expect(monthPaths.size).toBe(closedMonths().length);
    const onDisk = parquetUnder(eventsDir).map((f) => path.relative(w.dir, f));
    const named = new Set((await manifest(w.db, project.id)).filter((m) => m.tableName === "events").map((m) => m.path));
    // Exactly the files the manifest names (the month file of crash 1 was the one crash 2 wrote again: same inputs, same name).
    expect(new Set(onDisk)).toEqual(named);
    expect(await figures(w.db, project.id)).toEqual(hot);
    expect(await validateManifest(w.db, project.id, w.dir)).toMatchObject({ problems: [] });
  });

  test("a day whose rows changed but not their count is rewritten, inside its month file once compacted", { timeout: 300_000 }, async () => {
    const project = { id: w.projectId };
    // Late span totals: a trace's cost changes on a recent (daily file) day and on a day of a compacted month.
    const recent = "tr-2-0";
    const old = `tr-${DAYS - 5}-1`;
    const compaction = await compactProject(w.db, project.id, { now, root: w.dir });
    expect(compaction.compacted.length).toBeGreaterThan(0);
    const before = await manifest(w.db, project.id);
    const [oldTrace] = await w.db.select({ timestamp: traces.timestamp }).from(traces).where(and(eq(traces.projectId, project.id), eq(traces.id, old)));
    const oldDay = oldTrace.timestamp.toISOString().slice(0, 10);
    expect(before.find((m) => m.tableName === "traces" && m.eventDate === oldDay)!.path).toContain("/month=");

    // Nothing changed: nothing rewritten.
    const again = await exportProjectTiers(w.db, project.id, { now, root: w.dir });
    expect(again.datasets.traces).toEqual([]);

    await w.db.update(traces).set({ totalCost: sql`${traces.totalCost} + 1.5` }).where(and(eq(traces.projectId, project.id), sql`${traces.id} in (${recent}, ${old})`));
    const rewritten = await exportProjectTiers(w.db, project.id, { now, root: w.dir });
    expect(rewritten.datasets.traces.map((d) => d.day).sort()).toEqual([oldDay, new Date(Math.floor(now.getTime() / DAY) * DAY - 2 * DAY).toISOString().slice(0, 10)].sort());
    // The hot board (retention long) and the warm board (retention short, the changed days read warm) agree again.
    await w.db.update(projects).set({ retentionDays: 3650 }).where(eq(projects.id, project.id));
    const hot = rounded(await costReport(w.db, project.id, {}, range));
    await w.db.update(projects).set({ retentionDays: 1 }).where(eq(projects.id, project.id));
    expect(rounded(await costReport(w.db, project.id, {}, range))).toEqual(hot);
    expect(await validateManifest(w.db, project.id, w.dir)).toMatchObject({ problems: [] });
    // The month file was rewritten in place: its days still name one file, with the same row counts.
    const after = await manifest(w.db, project.id);
    expect(after.map((m) => [m.tableName, m.eventDate, m.rows])).toEqual(before.map((m) => [m.tableName, m.eventDate, m.rows]));
    expect(after.find((m) => m.tableName === "traces" && m.eventDate === oldDay)!.path).toBe(before.find((m) => m.tableName === "traces" && m.eventDate === oldDay)!.path);
  });

  test("the nightly export job compacts after exporting, and a second run has nothing left to merge", { timeout: 300_000 }, async () => {
    const { project } = await seedOrg(w.db);
    await w.db.insert(events).values(eventHistory(project.id));
    await w.db.update(projects).set({ warmTier: true, retentionDays: RETENTION }).where(eq(projects.id, project.id));
    const run = async (id: string) => {
      const engine = new InngestTestEngine({ function: toInngestFunction(warehouseExport) });
      const { result, error } = await engine.execute({ events: [{ name: WAREHOUSE_EXPORT_REQUESTED, id, data: { projectId: project.id, now: now.toISOString() } }] });
      expect(error).toBeUndefined();
      return result as { exports: { written: unknown[] }[]; compactions: { compacted: { table: string; month: string }[] }[] };
    };
    const first = await run("compact-job-1");
    expect(first.exports[0].written).toHaveLength(DAYS);
    expect(first.compactions[0].compacted.map((c) => c.month).sort()).toEqual(closedMonths().sort());
    const second = await run("compact-job-2");
    expect(second.exports[0].written).toEqual([]);
    expect(second.compactions[0].compacted).toEqual([]);
    expect(await validateManifest(w.db, project.id)).toMatchObject({ problems: [] });
  });
});
