// Reads that reach past hot retention: which parts of a time range the warm tier answers (days past the project's hot
// cut-off that have a warm file) and which stay hot. DuckDB is loaded only when some part goes warm.
import type { Db } from "@/db/client";
import type { MetricRoles } from "@/lib/catalog/definition";
import { listFiles, pathsHoldingUsers, tierSettings } from "./store/manifest";
import { absolutePath, warehouseRoot } from "./location";
import { ensureLocal } from "./object-store";
import { warmEventDays, type WarmDay } from "./parquet-events";

const DAY_MS = 86_400_000;
const dayKey = (t: Date) => t.toISOString().slice(0, 10);

export interface TierSplit {
  /** Ranges the hot events answer. */
  hot: [Date, Date][];
  /** Ranges the warm files answer, with the files that hold their days (each once; `day` is its first day read). */
  warm: { ranges: [Date, Date][]; files: { file: string; day: string; path: string }[] };
}

/**
 * Splits [from, to) ranges of a project's events (or another warm dataset) between the tiers: a day that starts before the hot cut-off
 * (now − retention days, where the hot rows may be gone) and has a warm file is read warm; everything else hot.
 */
export async function splitByTier(db: Db, projectId: string, ranges: [Date, Date][], now: Date, root?: string, tableName = "events"): Promise<TierSplit> {
  const none: TierSplit = { hot: ranges, warm: { ranges: [], files: [] } };
  const settings = await tierSettings(db, projectId);
  if (!settings || !ranges.length) return none;
  const cutoff = new Date(now.getTime() - settings.retentionDays * DAY_MS);
  const earliest = ranges.reduce((m, [a]) => (a < m ? a : m), ranges[0][0]);
  if (earliest >= cutoff) return none;
  const files = await listFiles(db, projectId, tableName, "warm", { from: dayKey(earliest), to: dayKey(new Date(cutoff.getTime() + DAY_MS)) });
  if (!files.length) return none;
  const base = root ?? warehouseRoot();
  // A file the manifest names but the disk lacks (the validator job reports it) leaves its day to the hot tier.
  // On an object store, a file not in the local cache is fetched first.
  const present = await Promise.all(files.map((f) => ensureLocal(base, f.path)));
  const byDay = new Map(files.filter((_, i) => present[i]).map((f) => [f.eventDate, f.path] as const));
  const split: TierSplit = { hot: [], warm: { ranges: [], files: [] } };
  const usedFiles = new Set<string>();
  const addHot = (a: Date, b: Date) => {
    const last = split.hot[split.hot.length - 1];
    if (last && last[1].getTime() === a.getTime()) last[1] = b;
    else split.hot.push([a, b]);
  };
  for (const [a, b] of ranges) {
    for (let start = a; start < b; ) {
      const dayStart = new Date(Math.floor(start.getTime() / DAY_MS) * DAY_MS);
      const end = new Date(Math.min(b.getTime(), dayStart.getTime() + DAY_MS));
      const day = dayKey(dayStart);
      if (dayStart < cutoff && byDay.has(day)) {
        // Consecutive warm days make one range: one comparison per row in DuckDB, not one per day.
        const last = split.warm.ranges[split.warm.ranges.length - 1];
        if (last && last[1].getTime() === start.getTime()) last[1] = end;
        else split.warm.ranges.push([start, end]);
        // A compacted month serves many days from one file: it is read once (the ranges pick the days).
        const path = byDay.get(day)!;
        if (!usedFiles.has(path)) split.warm.files.push({ file: absolutePath(base, path), day, path });
        usedFiles.add(path);
      } else addHot(start, end);
      start = end;
    }
  }
  return split;
}

const micros = (t: Date) => BigInt(t.getTime()) * 1000n;

/** Per-day activity of the warm part of a split (see warmEventDays), counting the catalog's role events. */
export async function warmActivity(split: TierSplit["warm"], roles: MetricRoles): Promise<WarmDay[]> {
  if (!split.files.length) return [];
  return warmEventDays(split.files, split.ranges.map(([a, b]) => [micros(a), micros(b)]), roles);
}

/**
 * The warm part of a project's whole history of a dataset (from its first warm day to `now`): the days past hot
 * retention that its warm files answer. Reads of lifetime totals take these from the warm tier and every other row hot.
 */
export async function warmHistory(db: Db, projectId: string, tableName: string, now: Date, root?: string): Promise<TierSplit["warm"]> {
  const [first] = await listFiles(db, projectId, tableName, "warm");
  if (!first) return { ranges: [], files: [] };
  return (await splitByTier(db, projectId, [[new Date(`${first.eventDate}T00:00:00.000Z`), now]], now, root, tableName)).warm;
}

export interface UsersWarmHistory {
  /** Every range the warm tier answers (the hot side of a read leaves these out, whoever's rows they hold). */
  ranges: [Date, Date][];
  /** The warm files (absolute paths) whose user index names one of the users: the others add nothing for them. */
  files: string[];
}

/** warmHistory for some end users only; null when no warm file answers any day (the hot tables hold every row). */
export async function warmHistoryOfUsers(db: Db, projectId: string, tableName: string, userIds: string[], now: Date, root?: string): Promise<UsersWarmHistory | null> {
  const [warm, holding] = await Promise.all([warmHistory(db, projectId, tableName, now, root), pathsHoldingUsers(db, projectId, tableName, userIds)]);
  if (!warm.files.length) return null;
  return { ranges: warm.ranges, files: warm.files.filter((f) => holding.has(f.path)).map((f) => f.file) };
}

/**
 * Every warm file of a dataset whose user index names one of the users, whatever its days (absolute paths, fetched
 * into the local cache from an object store when needed; a file neither has is left out).
 */
export async function warmFilesHoldingUsers(db: Db, projectId: string, tableName: string, userIds: string[], root?: string): Promise<string[]> {
  const paths = [...(await pathsHoldingUsers(db, projectId, tableName, userIds))].sort();
  const base = root ?? warehouseRoot();
  const present = await Promise.all(paths.map((p) => ensureLocal(base, p)));
  return paths.filter((_, i) => present[i]).map((p) => absolutePath(base, p));
}

/** Every warm file of a dataset, whatever its days (absolute paths, each once; fetched like warmFilesHoldingUsers). */
export async function allWarmFiles(db: Db, projectId: string, tableName: string, root?: string): Promise<string[]> {
  const paths = [...new Set((await listFiles(db, projectId, tableName, "warm")).map((f) => f.path))].sort();
  const base = root ?? warehouseRoot();
  const present = await Promise.all(paths.map((p) => ensureLocal(base, p)));
  return paths.filter((_, i) => present[i]).map((p) => absolutePath(base, p));
}
