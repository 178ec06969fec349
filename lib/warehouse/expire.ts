// Tier retention: warm files of days older than a project's warm retention period, and cold archives older than its
// cold retention period (default 2 years), are deleted, file then manifest row. A compacted month whose oldest days
// expired is rewritten without them (and deleted when none is left).
import type { Db } from "@/db/client";
import { allFiles, deleteFileRecord, recordFileDays, tierSettings, type ManifestFile } from "./store/manifest";
import { absolutePath, isCompactedPath, warehouseRoot } from "./location";
import { ensureLocal, publishFile, removeStoredFile } from "./object-store";
import { rewriteDaysFile, warmTimeColumn } from "./parquet-days";

const DAY_MS = 86_400_000;

async function removeFile(db: Db, root: string, relative: string, rows: ManifestFile[]) {
  await removeStoredFile(root, relative);
  for (const f of rows) await deleteFileRecord(db, f);
}

/** Deletes expired warm and cold days of one project or of every project; returns how many days' rows went. */
export async function expireWarmFiles(db: Db, now = new Date(), projectId?: string, root = warehouseRoot()): Promise<number> {
  const files = await allFiles(db, projectId);
  const settings = new Map<string, Awaited<ReturnType<typeof tierSettings>>>();
  const byPath = new Map<string, { rows: ManifestFile[]; expired: ManifestFile[] }>();
  for (const f of files) {
    if (!settings.has(f.projectId)) settings.set(f.projectId, await tierSettings(db, f.projectId));
    const s = settings.get(f.projectId);
    if (!s) continue;
    const dayEnd = Date.parse(`${f.eventDate}T00:00:00.000Z`) + DAY_MS;
    const keepDays = f.tier === "cold" ? s.coldRetentionDays : s.warmRetentionDays;
    const entry = byPath.get(f.path) ?? { rows: [], expired: [] };
    entry.rows.push(f);
    if (dayEnd <= now.getTime() - keepDays * DAY_MS) entry.expired.push(f);
    byPath.set(f.path, entry);
  }
  let removed = 0;
  for (const [relative, { rows, expired }] of byPath) {
    if (!expired.length) continue;
    removed += expired.length;
    if (expired.length === rows.length || !isCompactedPath(relative)) {
      await removeFile(db, root, relative, rows);
      continue;
    }
    if (!(await ensureLocal(root, relative))) {
      // The month file is missing (the validator reports it): the expired days' rows go, nothing else to do.
      for (const f of expired) await deleteFileRecord(db, f);
      continue;
    }
    const gone = new Set(expired.map((f) => f.eventDate));
    const keep = rows.filter((f) => !gone.has(f.eventDate)).map((f) => f.eventDate);
    const out = await rewriteDaysFile(absolutePath(root, relative), warmTimeColumn(rows[0].tableName), { days: keep });
    await publishFile(root, relative);
    await recordFileDays(db, { projectId: rows[0].projectId, tableName: rows[0].tableName, path: relative, bytes: out.bytes, sha256: out.sha256, days: out.days }, now);
  }
  return removed;
}
