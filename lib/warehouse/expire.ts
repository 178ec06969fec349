// Tier retention: warm files of days older than a project's warm retention period, and cold archives older than its
// cold retention period (default 2 years), are deleted, file then manifest row.
import fs from "node:fs/promises";
import type { Db } from "@/db/client";
import { allFiles, deleteFileRecord, tierSettings } from "./store/manifest";
import { absolutePath, warehouseRoot } from "./location";
import { unpublishFile } from "./object-store";

const DAY_MS = 86_400_000;

/** Deletes expired warm and cold files of one project or of every project; returns how many went. */
export async function expireWarmFiles(db: Db, now = new Date(), projectId?: string, root = warehouseRoot()): Promise<number> {
  const files = await allFiles(db, projectId);
  const settings = new Map<string, Awaited<ReturnType<typeof tierSettings>>>();
  let removed = 0;
  for (const f of files) {
    if (!settings.has(f.projectId)) settings.set(f.projectId, await tierSettings(db, f.projectId));
    const s = settings.get(f.projectId);
    if (!s) continue;
    const dayEnd = Date.parse(`${f.eventDate}T00:00:00.000Z`) + DAY_MS;
    const keepDays = f.tier === "cold" ? s.coldRetentionDays : s.warmRetentionDays;
    if (dayEnd > now.getTime() - keepDays * DAY_MS) continue;
    await fs.rm(absolutePath(root, f.path), { force: true });
    await unpublishFile(f.path);
    await deleteFileRecord(db, f);
    removed++;
  }
  return removed;
}
