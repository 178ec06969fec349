// Compaction of the warm tier: a project's closed months (every day before the hot cut-off, so no export rewrites
// them in the normal course) are merged from one Parquet file per day into one file per month and table, because a
// long-range read pays per file opened. Crash-safe by ordering: write the month file (temp then rename), swap the
// manifest rows in one transaction, then delete the daily files. A crash before the swap leaves the daily files in
// charge (the month file is an orphan the retry overwrites: its name derives from its inputs); a crash after it
// leaves unreferenced daily files, deleted by the next run. Readers only ever see the files the manifest names.
import fs from "node:fs/promises";
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { listFiles, recordFileDays, tierSettings, type ManifestFile } from "./store/manifest";
import { WARM_DATASETS } from "./store/datasets";
import { absolutePath, compactedPath, partitionPath, warehouseRoot } from "./location";
import { ensureLocal, publishFile, removeStoredFile } from "./object-store";
import { warmTimeColumn, writeMergedFile } from "./parquet-days";

const DAY_MS = 86_400_000;

export interface CompactedMonth {
  table: string;
  month: string;
  /** Files merged (daily files, and an earlier month file when days were added to the month since). */
  inputs: number;
  days: number;
  rows: number;
  path: string;
  bytes: number;
}

export interface ProjectCompaction {
  projectId: string;
  compacted: CompactedMonth[];
  /** Files left by an earlier run that crashed after its swap, deleted now. */
  leftoversDeleted: number;
}

/** The steps a test can fail between (see compactProject's `afterStep`). */
export type CompactionStep = "written" | "swapped";

/** A merged file is kept under this size: a read of a few days fetches (from an object store) and scans less. */
export const MONTH_FILE_MAX_BYTES = 256 * 1024 * 1024;

/**
 * A month's files (distinct, with the manifest's day rows `days`) in day order, cut into runs whose sizes add up to at
 * most `maxBytes`: each run becomes one file. A file at or over the cap on its own stays as it is; runs never split a
 * file, so each merge replaces whole files and its manifest swap touches no other run's days.
 */
function fileGroups(inputs: ManifestFile[], days: ManifestFile[], maxBytes: number): ManifestFile[][] {
  const firstDay = new Map<string, string>();
  for (const d of days) if (!firstDay.has(d.path) || d.eventDate < firstDay.get(d.path)!) firstDay.set(d.path, d.eventDate);
  const ordered = [...inputs].sort((a, b) => firstDay.get(a.path)!.localeCompare(firstDay.get(b.path)!) || a.path.localeCompare(b.path));
  const groups: ManifestFile[][] = [];
  let size = Infinity;
  for (const f of ordered) {
    if (size + f.bytes > maxBytes) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1].push(f);
    size += f.bytes;
  }
  return groups;
}

/** First day of the month after `month` (YYYY-MM), as YYYY-MM-DD. */
function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

async function exists(root: string, relative: string) {
  return fs.access(absolutePath(root, relative)).then(
    () => true,
    () => false,
  );
}

/**
 * Compacts a project's closed months of every warm table. A month is closed when it ended before the day of the hot
 * cut-off (now − retention days). Idempotent: a month already in one file is left alone (its leftovers are swept).
 */
export async function compactProject(
  db: Db,
  projectId: string,
  opts: { now?: Date; root?: string; maxFileBytes?: number; afterStep?: (step: CompactionStep, month: CompactedMonth) => Promise<void> | void } = {},
): Promise<ProjectCompaction> {
  const result: ProjectCompaction = { projectId, compacted: [], leftoversDeleted: 0 };
  const settings = await tierSettings(db, projectId);
  if (!settings) return result;
  const now = opts.now ?? new Date();
  const root = opts.root ?? warehouseRoot();
  const cutoffDay = new Date(Math.floor((now.getTime() - settings.retentionDays * DAY_MS) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  for (const table of ["events", ...WARM_DATASETS.map((d) => d.name)]) {
    const byMonth = new Map<string, ManifestFile[]>();
    for (const f of await listFiles(db, projectId, table, "warm", { to: cutoffDay })) {
      const month = f.eventDate.slice(0, 7);
      byMonth.set(month, [...(byMonth.get(month) ?? []), f]);
    }
    for (const [month, files] of byMonth) {
      if (nextMonth(month) > cutoffDay) continue;
      const inputs = [...new Map(files.map((f) => [f.path, f])).values()].sort((a, b) => a.path.localeCompare(b.path));
      // Daily files whose day is already in a month file: left by a run that crashed after its swap.
      const referenced = new Set(inputs.map((f) => f.path));
      for (const f of files) {
        const daily = partitionPath(projectId, table, f.eventDate);
        if (!referenced.has(daily) && (await exists(root, daily))) {
          await removeStoredFile(root, daily);
          result.leftoversDeleted++;
        }
      }
      const hashes = new Map(files.map((f) => [f.eventDate, f.contentHash ?? null]));
      for (const group of fileGroups(inputs, files, opts.maxFileBytes ?? MONTH_FILE_MAX_BYTES)) {
        // One file already (a month file, a month with a single daily file, or a file at the cap): nothing to merge.
        if (group.length < 2) continue;
        if (!(await Promise.all(group.map((f) => ensureLocal(root, f.path)))).every(Boolean)) continue; // the validator reports it
        const tag = createHash("sha256").update(group.map((f) => `${f.path}:${f.sha256}`).join("\n")).digest("hex").slice(0, 16);
        const path = compactedPath(projectId, table, month, tag);
        const written = await writeMergedFile(absolutePath(root, path), group.map((f) => absolutePath(root, f.path)), warmTimeColumn(table));
        const paths = new Set(group.map((f) => f.path));
        const expected = files.filter((f) => paths.has(f.path)).reduce((n, f) => n + f.rows, 0);
        if (written.rows !== expected) throw new Error(`compaction of ${table} ${month}: ${written.rows} rows written, the manifest says ${expected}`);
        await publishFile(root, path);
        const done: CompactedMonth = { table, month, inputs: group.length, days: written.days.length, rows: written.rows, path, bytes: written.bytes };
        await opts.afterStep?.("written", done);
        await recordFileDays(
          db,
          { projectId, tableName: table, path, bytes: written.bytes, sha256: written.sha256, days: written.days.map((d) => ({ ...d, contentHash: hashes.get(d.day) })), replacing: group.map((f) => f.path) },
          now,
        );
        await opts.afterStep?.("swapped", done);
        for (const f of group) if (f.path !== path) await removeStoredFile(root, f.path);
        result.compacted.push(done);
      }
    }
  }
  return result;
}
