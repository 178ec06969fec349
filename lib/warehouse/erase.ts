// Erasure in the warm and cold tiers: the files whose user index names the end user are rewritten without their rows
// (and their manifest checksums updated); files that never held them are not touched. A compacted month is rewritten
// once however many of its days held them.
import fs from "node:fs";
import type { Db } from "@/db/client";
import { deleteFileRecord, filesAt, filesHoldingUser, recordFileDays, updateFileAfterErasure } from "./store/manifest";
import { absolutePath, isCompactedPath, warehouseRoot } from "./location";
import { rewriteDaysFile, warmTimeColumn } from "./parquet-days";
import { rewriteWithoutUser } from "./parquet-events";
import { COLD_EXTENSION, rewriteColdWithoutUser } from "./cold";
import { ensureLocal, publishFile, unpublishFile } from "./object-store";

export interface WarmErasure {
  filesRewritten: number;
  /** Files that held only this user's rows: deleted with their manifest rows. */
  filesDeleted: number;
  rowsRemoved: number;
  /** Of rowsRemoved, those in cold archives. */
  coldRowsRemoved: number;
}

/**
 * Removes one end user from a project's warm and cold files. Runs before the hot erasure (which deletes the user index rows
 * with every other row naming the user), and is safe to repeat: a file already without the user is rewritten as is.
 */
export async function eraseUserFromWarm(db: Db, projectId: string, userId: string, root = warehouseRoot()): Promise<WarmErasure> {
  const result: WarmErasure = { filesRewritten: 0, filesDeleted: 0, rowsRemoved: 0, coldRowsRemoved: 0 };
  const holding = await filesHoldingUser(db, projectId, userId);
  // A compacted month is one file for many manifest rows (days): rewritten once, then its days re-recorded.
  const months = [...new Set(holding.filter((f) => isCompactedPath(f.path)).map((f) => f.path))];
  for (const relative of months) {
    const days = await filesAt(db, projectId, [relative]);
    const before = days.reduce((n, d) => n + d.rows, 0);
    const full = absolutePath(root, relative);
    if (!(await ensureLocal(root, relative))) {
      for (const d of days) await deleteFileRecord(db, d);
      continue;
    }
    const out = await rewriteDaysFile(full, warmTimeColumn(days[0].tableName), { notUser: userId });
    result.rowsRemoved += before - out.rows;
    if (out.rows === 0) {
      fs.rmSync(full, { force: true });
      await unpublishFile(relative);
      for (const d of days) await deleteFileRecord(db, d);
      result.filesDeleted++;
    } else {
      await publishFile(root, relative);
      await recordFileDays(db, { projectId, tableName: days[0].tableName, path: relative, bytes: out.bytes, sha256: out.sha256, days: out.days });
      result.filesRewritten++;
    }
  }
  for (const file of holding.filter((f) => !isCompactedPath(f.path))) {
    const full = absolutePath(root, file.path);
    if (!(await ensureLocal(root, file.path))) {
      // The manifest names a file that is gone (deleted by hand): nothing left to erase, and nothing to point at.
      await deleteFileRecord(db, file);
      continue;
    }
    const cold = file.path.endsWith(`.${COLD_EXTENSION}`);
    const out = cold ? await rewriteColdWithoutUser(full, userId) : await rewriteWithoutUser(full, userId);
    result.rowsRemoved += file.rows - out.rows;
    if (cold) result.coldRowsRemoved += file.rows - out.rows;
    if (out.rows === 0) {
      fs.rmSync(full, { force: true });
      await unpublishFile(file.path);
      await deleteFileRecord(db, file);
      result.filesDeleted++;
    } else {
      await publishFile(root, file.path);
      await updateFileAfterErasure(db, file, userId, out);
      result.filesRewritten++;
    }
  }
  return result;
}
