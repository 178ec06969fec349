// The orphan sweep: files under a project's warehouse folder that the storage manifest does not name. Readers only
// open files the manifest names, so an orphan is dead weight: a month file written by a re-compaction that crashed
// before its manifest swap (its retry writes another name when the month gained days since), a temp file of a write
// that died mid-way, a daily file a crash left after the swap. Files younger than the grace period are left alone:
// an export or compaction running now writes its file a moment before the manifest names it. On an object store the
// project's prefix is listed too: an object whose local copy is gone (an empty or pruned cache, another instance's
// write) is found there, and goes when it was last written before now − grace.
import fs from "node:fs/promises";
import path from "node:path";
import type { Db } from "@/db/client";
import { allFiles } from "./store/manifest";
import { absolutePath, warehouseRoot } from "./location";
import { listStoredObjects, removeStoredFile } from "./object-store";

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
 * Deletes a project's files that the manifest does not name and that were last written before now − grace: local files
 * (with their object on an object store), then the objects under the project's prefix that no local file led to.
 */
export async function sweepOrphans(db: Db, projectId: string, opts: { now?: Date; root?: string; graceMs?: number; listPageSize?: number } = {}): Promise<OrphanSweep> {
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
  const gone = new Set(result.deleted);
  for (const o of await listStoredObjects(projectId, opts.listPageSize)) {
    // A key that is not a plain path under the root (`..`, `//`) is no file of ours: left alone.
    if (named.has(o.relative) || gone.has(o.relative) || path.posix.normalize(o.relative) !== o.relative) continue;
    if (o.lastModified.getTime() >= before) continue;
    await removeStoredFile(root, o.relative);
    result.deleted.push(o.relative);
    result.bytes += o.bytes;
  }
  result.deleted.sort();
  return result;
}
