// The checksum validator: every file the storage manifest names must exist with the recorded size and sha256.
import fs from "node:fs";
import type { Db } from "@/db/client";
import { allFiles } from "./store/manifest";
import { absolutePath, warehouseRoot } from "./location";
import { fileStats, type FileStats } from "./files";
import { objectStoreConfigured, remoteStats } from "./object-store";

export interface ManifestProblem {
  projectId: string;
  fileId: string;
  path: string;
  problem: "missing" | "size" | "checksum";
}

export interface ManifestValidation {
  checked: number;
  problems: ManifestProblem[];
}

/** Re-reads every file of one project (or all) and compares it with its manifest row. */
export async function validateManifest(db: Db, projectId?: string, root = warehouseRoot()): Promise<ManifestValidation> {
  const problems: ManifestProblem[] = [];
  const files = await allFiles(db, projectId);
  const remote = objectStoreConfigured();
  // A compacted month is one file behind many manifest rows (days): read once, compared with each row.
  const read = new Map<string, Promise<FileStats | null>>();
  for (const f of files) {
    const full = absolutePath(root, f.path);
    const at = { projectId: f.projectId, fileId: f.id, path: f.path };
    // On an object store the stored object is the record (the local copy is only a cache).
    if (!read.has(f.path)) read.set(f.path, remote ? remoteStats(f.path) : fs.existsSync(full) ? fileStats(full) : Promise.resolve(null));
    const stats = await read.get(f.path)!;
    if (!stats) {
      problems.push({ ...at, problem: "missing" });
      continue;
    }
    if (stats.bytes !== f.bytes) problems.push({ ...at, problem: "size" });
    else if (stats.sha256 !== f.sha256) problems.push({ ...at, problem: "checksum" });
  }
  return { checked: files.length, problems };
}
