// The storage manifest: one row per warm/cold file (rows, bytes, sha256) and the per-file index of the users it holds.
import { and, eq, gte, inArray, lt, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { projects, storageManifest, storageManifestUsers } from "@/db/schema";
import type { HotDay } from "./datasets";

export type Tier = "warm" | "cold";

export interface ManifestFile {
  id: string;
  projectId: string;
  tableName: string;
  eventDate: string;
  tier: Tier;
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
  /** The fingerprint of the day's hot rows at its last export (null before it was recorded). */
  contentHash?: string | null;
}

const columns = {
  id: storageManifest.id,
  projectId: storageManifest.projectId,
  tableName: storageManifest.tableName,
  eventDate: storageManifest.eventDate,
  tier: storageManifest.tier,
  path: storageManifest.path,
  rows: storageManifest.rows,
  bytes: storageManifest.bytes,
  sha256: storageManifest.sha256,
  contentHash: storageManifest.contentHash,
};

/**
 * Whether a day's file already holds its hot rows: the same fingerprint as at its last export (rows compared for files
 * recorded before fingerprints existed).
 */
export const dayUnchanged = (existing: ManifestFile | undefined, hot: HotDay) =>
  !!existing && (existing.contentHash ? existing.contentHash === hot.contentHash : existing.rows === hot.rows);

/** A project's files of one table and tier, optionally only those whose day is in [from, to) (YYYY-MM-DD). */
export async function listFiles(db: Db, projectId: string, tableName: string, tier: Tier, range?: { from?: string; to?: string }): Promise<ManifestFile[]> {
  return db
    .select(columns)
    .from(storageManifest)
    .where(
      and(
        eq(storageManifest.projectId, projectId),
        eq(storageManifest.tableName, tableName),
        eq(storageManifest.tier, tier),
        range?.from ? gte(storageManifest.eventDate, range.from) : undefined,
        range?.to ? lt(storageManifest.eventDate, range.to) : undefined,
      ),
    )
    .orderBy(storageManifest.eventDate);
}

/** Every file of a project (all tables and tiers), or of every project. */
export async function allFiles(db: Db, projectId?: string): Promise<ManifestFile[]> {
  return db
    .select(columns)
    .from(storageManifest)
    .where(projectId ? eq(storageManifest.projectId, projectId) : undefined)
    .orderBy(storageManifest.projectId, storageManifest.tableName, storageManifest.eventDate);
}

/** Inserts user index rows in chunks (a statement's parameter count is bounded). */
async function insertUserIndex(tx: Pick<Db, "insert">, rows: { projectId: string; userId: string; fileId: string }[]) {
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(storageManifestUsers).values(rows.slice(i, i + 1000)).onConflictDoNothing();
}

/**
 * Records (or replaces) a file's manifest row and its user index in one transaction, after the file itself was renamed
 * into place: the manifest never names a file that is not there.
 */
export async function recordFile(
  db: Db,
  file: Omit<ManifestFile, "id"> & { retentionClass?: "analytics" | "raw-payload" },
  userIds: string[],
  now = new Date(),
): Promise<ManifestFile> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(storageManifest)
      .values({ ...file, retentionClass: file.retentionClass ?? (file.tier === "cold" ? "raw-payload" : "analytics"), createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [storageManifest.projectId, storageManifest.tableName, storageManifest.tier, storageManifest.eventDate],
        set: { path: file.path, rows: file.rows, bytes: file.bytes, sha256: file.sha256, contentHash: file.contentHash ?? null, updatedAt: now },
      })
      .returning(columns);
    await tx.delete(storageManifestUsers).where(and(eq(storageManifestUsers.projectId, file.projectId), eq(storageManifestUsers.fileId, row.id)));
    await insertUserIndex(tx, userIds.map((userId) => ({ projectId: file.projectId, userId, fileId: row.id })));
    return row as ManifestFile;
  });
}

/** One day of a file that holds several (a compacted month): its rows and users, and its hot fingerprint when known. */
export interface FileDay {
  day: string;
  rows: number;
  userIds: string[];
  contentHash?: string | null;
}

/**
 * Points the manifest rows of a file holding several days at it, in one transaction (the compaction's swap, and the
 * record after any rewrite of such a file): each day's row gets the path, its own row count and users, and the file's
 * size and checksum; rows of those days or of the `replacing` paths that the file no longer holds are deleted. A day's
 * content fingerprint is kept unless a new one is given.
 */
export async function recordFileDays(
  db: Db,
  file: { projectId: string; tableName: string; path: string; bytes: number; sha256: string; days: FileDay[]; replacing?: string[] },
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const days = file.days.map((d) => d.day);
    const paths = [file.path, ...(file.replacing ?? [])];
    await tx
      .delete(storageManifest)
      .where(
        and(
          eq(storageManifest.projectId, file.projectId),
          eq(storageManifest.tableName, file.tableName),
          eq(storageManifest.tier, "warm"),
          inArray(storageManifest.path, paths),
          days.length ? notInArray(storageManifest.eventDate, days) : undefined,
        ),
      );
    if (!file.days.length) return;
    // One statement per step for the whole month (a month is ~30 days and their users).
    const saved = await tx
      .insert(storageManifest)
      .values(
        file.days.map((d) => ({ projectId: file.projectId, tableName: file.tableName, eventDate: d.day, tier: "warm" as const, path: file.path, rows: d.rows, bytes: file.bytes, sha256: file.sha256, contentHash: d.contentHash ?? null, createdAt: now, updatedAt: now })),
      )
      .onConflictDoUpdate({
        target: [storageManifest.projectId, storageManifest.tableName, storageManifest.tier, storageManifest.eventDate],
        set: { path: file.path, rows: sql`excluded.rows`, bytes: file.bytes, sha256: file.sha256, contentHash: sql`coalesce(excluded.content_hash, ${storageManifest.contentHash})`, updatedAt: now },
      })
      .returning({ id: storageManifest.id, day: storageManifest.eventDate });
    const ids = new Map(saved.map((r) => [r.day, r.id]));
    await tx.delete(storageManifestUsers).where(and(eq(storageManifestUsers.projectId, file.projectId), inArray(storageManifestUsers.fileId, [...ids.values()])));
    const index = file.days.flatMap((d) => d.userIds.map((userId) => ({ projectId: file.projectId, userId, fileId: ids.get(d.day)! })));
    await insertUserIndex(tx, index);
  });
}

/** Every manifest row of a project pointing at one of these paths. */
export async function filesAt(db: Db, projectId: string, paths: string[]): Promise<ManifestFile[]> {
  if (!paths.length) return [];
  return db
    .select(columns)
    .from(storageManifest)
    .where(and(eq(storageManifest.projectId, projectId), inArray(storageManifest.path, paths)))
    .orderBy(storageManifest.eventDate);
}

/** After a rewrite that removed one user: the file's new size and checksum, and the user out of its index. */
export async function updateFileAfterErasure(db: Db, file: ManifestFile, userId: string, stats: { rows: number; bytes: number; sha256: string }, now = new Date()) {
  await db.transaction(async (tx) => {
    await tx.update(storageManifest).set({ ...stats, updatedAt: now }).where(and(eq(storageManifest.projectId, file.projectId), eq(storageManifest.id, file.id)));
    await tx
      .delete(storageManifestUsers)
      .where(and(eq(storageManifestUsers.projectId, file.projectId), eq(storageManifestUsers.fileId, file.id), eq(storageManifestUsers.userId, userId)));
  });
}

/** The files of a project whose user index names this user. */
export async function filesHoldingUser(db: Db, projectId: string, userId: string): Promise<ManifestFile[]> {
  const holding = db
    .select({ id: storageManifestUsers.fileId })
    .from(storageManifestUsers)
    .where(and(eq(storageManifestUsers.projectId, projectId), eq(storageManifestUsers.userId, userId)));
  return db
    .select(columns)
    .from(storageManifest)
    .where(and(eq(storageManifest.projectId, projectId), inArray(storageManifest.id, holding)))
    .orderBy(storageManifest.eventDate);
}

/** The paths of a table's warm files whose user index names any of these users (a read for a few users opens only those). */
export async function pathsHoldingUsers(db: Db, projectId: string, tableName: string, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const holding = db
    .selectDistinct({ id: storageManifestUsers.fileId })
    .from(storageManifestUsers)
    .where(and(eq(storageManifestUsers.projectId, projectId), inArray(storageManifestUsers.userId, userIds)));
  const rows = await db
    .selectDistinct({ path: storageManifest.path })
    .from(storageManifest)
    .where(and(eq(storageManifest.projectId, projectId), eq(storageManifest.tableName, tableName), eq(storageManifest.tier, "warm"), inArray(storageManifest.id, holding)));
  return new Set(rows.map((r) => r.path));
}

export async function deleteFileRecord(db: Db, file: ManifestFile) {
  await db.delete(storageManifest).where(and(eq(storageManifest.projectId, file.projectId), eq(storageManifest.id, file.id)));
}

/** The tier settings of a project: hot retention, whether the tiers are on, warm and cold retention. */
export async function tierSettings(db: Db, projectId: string) {
  const [row] = await db
    .select({ retentionDays: projects.retentionDays, warmTier: projects.warmTier, warmRetentionDays: projects.warmRetentionDays, coldRetentionDays: projects.coldRetentionDays })
    .from(projects)
    .where(eq(projects.id, projectId));
  return row ?? null;
}

/** Projects with the warm tier on (the nightly export's list). */
export async function warmTierProjects(db: Db): Promise<string[]> {
  const rows = await db.select({ id: projects.id }).from(projects).where(eq(projects.warmTier, true)).orderBy(projects.id);
  return rows.map((r) => r.id);
}

/** Days (YYYY-MM-DD) of a project's table that have a file in the tier. */
export async function exportedDays(db: Db, projectId: string, tableName: string, tier: Tier = "warm"): Promise<Set<string>> {
  const rows = await db
    .select({ day: storageManifest.eventDate })
    .from(storageManifest)
    .where(and(eq(storageManifest.projectId, projectId), eq(storageManifest.tableName, tableName), eq(storageManifest.tier, tier)));
  return new Set(rows.map((r) => r.day));
}
