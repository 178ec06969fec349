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
}

export interface ProjectCompaction {
  projectId: string;
  compacted: CompactedMonth[];
  /** Files left by an earlier run that crashed after its swap, deleted now. */
  leftoversDeleted: number;
}

/** The steps a test can fail between (see compactProject's `afterStep`). */
export type CompactionStep = "written" | "swapped";

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
  opts: { now?: Date; root?: string; afterStep?: (step: CompactionStep, month: CompactedMonth) => Promise<void> | void } = {},
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
      // One file already (a month file, or a month with a single daily file): nothing to merge.
      if (inputs.length < 2) continue;
      if (!(await Promise.all(inputs.map((f) => ensureLocal(root, f.path)))).every(Boolean)) continue; // the validator reports it
      const tag = createHash("sha256").update(inputs.map((f) => `${f.path}:${f.sha256}`).join("\n")).digest("hex").slice(0, 16);
      const path = compactedPath(projectId, table, month, tag);
      const written = await writeMergedFile(absolutePath(root, path), inputs.map((f) => absolutePath(root, f.path)), warmTimeColumn(table));
      const expected = files.reduce((n, f) => n + f.rows, 0);
      if (written.rows !== expected) throw new Error(`compaction of ${table} ${month}: ${written.rows} rows written, the manifest says ${expected}`);
      await publishFile(root, path);
      const done: CompactedMonth = { table, month, inputs: inputs.length, days: written.days.length, rows: written.rows, path };
      await opts.afterStep?.("written", done);
      const hashes = new Map(files.map((f) => [f.eventDate, f.contentHash ?? null]));
      await recordFileDays(
        db,
        { projectId, tableName: table, path, bytes: written.bytes, sha256: written.sha256, days: written.days.map((d) => ({ ...d, contentHash: hashes.get(d.day) })), replacing: inputs.map((f) => f.path) },
        now,
      );
      await opts.afterStep?.("swapped", done);
      for (const f of inputs) if (f.path !== path) await removeStoredFile(root, f.path);
      result.compacted.push(done);
    }
  }
  return result;
}
