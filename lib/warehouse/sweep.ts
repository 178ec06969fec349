// The orphan sweep: files under a project's warehouse folder that the storage manifest does not name. Readers only
// open files the manifest names, so an orphan is dead weight: a month file written by a re-compaction that crashed
// before its manifest swap (its retry writes another name when the month gained days since), a temp file of a write
// that died mid-way, a daily file a crash left after the swap. Files younger than the grace period are left alone:
// an export or compaction running now writes its file a moment before the manifest names it.
import fs from "node:fs/promises";
import path from "node:path";
import type { Db } from "@/db/client";
import { allFiles } from "./store/manifest";
import { absolutePath, warehouseRoot } from "./location";
import { removeStoredFile } from "./object-store";

/** A file not in the manifest must be at least this old to be swept (no write takes an hour between file and manifest). */
export const ORPHAN_GRACE_MS = 3_600_000;

export interface OrphanSweep {
  projectId: string;
  /** Paths (relative to the warehouse root) deleted, with their object on an object store. */
  deleted: string[];
  bytes: number;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : Promise.resolve(e.isFile() ? [path.join(dir, e.name)] : []))));
  return nested.flat();
}

/**
 * Deletes a project's files that the manifest does not name and that were last written before now − grace. On an
 * object store the local folder is where writes land first, so a local orphan's object is deleted with it.
 */
export async function sweepOrphans(db: Db, projectId: string, opts: { now?: Date; root?: string; graceMs?: number } = {}): Promise<OrphanSweep> {
  const root = opts.root ?? warehouseRoot();
  const before = (opts.now ?? new Date()).getTime() - (opts.graceMs ?? ORPHAN_GRACE_MS);
  const named = new Set((await allFiles(db, projectId)).map((f) => f.path));
  const result: OrphanSweep = { projectId, deleted: [], bytes: 0 };
  for (const full of await filesUnder(absolutePath(root, projectId))) {
    const relative = path.relative(root, full).split(path.sep).join("/");
    if (named.has(relative)) continue;
    const stat = await fs.stat(full).catch(() => null);
    if (!stat || stat.mtimeMs >= before) continue;
    await removeStoredFile(root, relative);
    result.deleted.push(relative);
    result.bytes += stat.size;
  }
  result.deleted.sort();
  return result;
}
