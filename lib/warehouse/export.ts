// The warm export: whole UTC days of a project's events older than today, one Parquet file per day, recorded in the
// storage manifest. Idempotent: a day whose hot rows match its export is skipped, a changed day is rewritten in place.
import type { Db } from "@/db/client";
import { EVENT_ROW_TEXT, hotEventPage, type EventPageCursor, type HotEventRow } from "./store/hot-events";
import { dayUnchanged, listFiles, recordFile, recordFileDays, warmTierProjects, type ManifestFile } from "./store/manifest";
import { absolutePath, isCompactedPath, partitionPath, warehouseRoot } from "./location";
import { writeEventsFile, type WrittenFile } from "./parquet-events";
import { datasetPage, hotDays, rowTextOf, WARM_DATASETS, type Dataset, type HotDay } from "./store/datasets";
import { describeFileDays, warmTimeColumn } from "./parquet-days";
import { writeDatasetFile } from "./parquet-rows";
import { archiveProjectCold } from "./cold";
import { ensureLocal, publishFile } from "./object-store";
import { keysetPages } from "./pages";

const DAY_MS = 86_400_000;
/** Hot rows read per query while writing a day (memory stays flat whatever the day's size). */
export const EXPORT_PAGE_ROWS = 20_000;

export interface DayExport {
  day: string;
  rows: number;
  bytes: number;
  path: string;
}

export interface ProjectExport {
  projectId: string;
  /** Days written this run (new, or changed since their last export). */
  written: DayExport[];
  /** Days whose file already held exactly their hot rows. */
  unchanged: number;
}

export const utcMidnight = (t: Date) => new Date(Math.floor(t.getTime() / DAY_MS) * DAY_MS);

const pagesOf = (db: Db, projectId: string, from: Date, to: Date): AsyncGenerator<HotEventRow[]> =>
  keysetPages((after: EventPageCursor | null) => hotEventPage(db, projectId, from, to, after, EXPORT_PAGE_ROWS), EXPORT_PAGE_ROWS);

/**
 * Writes one day of a warm table with `write` (which merges the hot rows into the file at the path it is given) and
 * records it. A day already in a compacted month is written into that file, whose days are then re-recorded.
 */
async function writeWarmDay(
  db: Db,
  at: { projectId: string; table: string; root: string; now: Date },
  hot: HotDay,
  existing: ManifestFile | undefined,
  write: (file: string) => Promise<WrittenFile>,
): Promise<DayExport> {
  const { projectId, table, root, now } = at;
  const compacted = existing && isCompactedPath(existing.path);
  const relative = compacted ? existing.path : partitionPath(projectId, table, hot.day);
  // The file being replaced is merged with the hot rows: on an object store, fetch it first.
  await ensureLocal(root, relative);
  const full = absolutePath(root, relative);
  const out = await write(full);
  await publishFile(root, relative);
  if (!compacted) {
    await recordFile(db, { projectId, tableName: table, eventDate: hot.day, tier: "warm", path: relative, rows: out.rows, bytes: out.bytes, sha256: out.sha256, contentHash: hot.contentHash }, out.userIds, now);
    return { day: hot.day, rows: out.rows, bytes: out.bytes, path: relative };
  }
  const month = await describeFileDays(full, warmTimeColumn(table));
  const days = month.days.map((d) => (d.day === hot.day ? { ...d, contentHash: hot.contentHash } : d));
  await recordFileDays(db, { projectId, tableName: table, path: relative, bytes: month.bytes, sha256: month.sha256, days }, now);
  return { day: hot.day, rows: days.find((d) => d.day === hot.day)?.rows ?? 0, bytes: month.bytes, path: relative };
}

/**
 * Exports a project's events of every whole UTC day before `now`'s day. A day is (re)written when it has no file
 * yet or its hot rows changed since its export (fingerprint: late events, or an edit that kept the count; a file
 * whose hot rows retention already removed is merged, not replaced: see writeEventsFile). `force` rewrites every day
 * that still has hot rows.
 */
export async function exportProjectEvents(db: Db, projectId: string, opts: { now?: Date; root?: string; force?: boolean } = {}): Promise<ProjectExport> {
  const now = opts.now ?? new Date();
  const root = opts.root ?? warehouseRoot();
  const today = utcMidnight(now);
  const files = new Map((await listFiles(db, projectId, "events", "warm")).map((f) => [f.eventDate, f]));
  const written: DayExport[] = [];
  let unchanged = 0;
  for (const hot of await hotDays(db, projectId, "events", "timestamp", today, EVENT_ROW_TEXT)) {
    const existing = files.get(hot.day);
    if (dayUnchanged(existing, hot) && !opts.force) {
      unchanged++;
      continue;
    }
    const from = new Date(`${hot.day}T00:00:00.000Z`);
    const pages = pagesOf(db, projectId, from, new Date(from.getTime() + DAY_MS));
    written.push(await writeWarmDay(db, { projectId, table: "events", root, now }, hot, existing, (file) => writeEventsFile(file, pages)));
  }
  return { projectId, written, unchanged };
}

/** The projects a run exports: the one asked for, or every project with the warm tier on (the nightly run). */
export async function projectsToExport(db: Db, projectId?: string): Promise<string[]> {
  return projectId ? [projectId] : warmTierProjects(db);
}

/** A dataset's hot rows in [from, to), page by page. */
export const datasetPages = (db: Db, projectId: string, d: Dataset, from: Date, to: Date): AsyncGenerator<(string | null)[][]> =>
  keysetPages((after: string[] | null) => datasetPage(db, projectId, d, from, to, after, EXPORT_PAGE_ROWS), EXPORT_PAGE_ROWS);

/** The warm datasets beyond events (summaries of traces, calls, scores, exposures, Prism's own calls, rollups). */
async function exportProjectDatasets(db: Db, projectId: string, today: Date, root: string, now: Date, force: boolean) {
  const written: Record<string, DayExport[]> = {};
  for (const d of WARM_DATASETS) {
    written[d.name] = [];
    const files = new Map((await listFiles(db, projectId, d.name, "warm")).map((f) => [f.eventDate, f]));
    for (const hot of await hotDays(db, projectId, d.source, d.time, today, rowTextOf(d.columns.map((c) => c.name)))) {
      if (dayUnchanged(files.get(hot.day), hot) && !force) continue;
      const from = new Date(`${hot.day}T00:00:00.000Z`);
      const pages = datasetPages(db, projectId, d, from, new Date(from.getTime() + DAY_MS));
      written[d.name].push(await writeWarmDay(db, { projectId, table: d.name, root, now }, hot, files.get(hot.day), (file) => writeDatasetFile(file, d, pages)));
    }
  }
  return written;
}

export interface TiersExport extends ProjectExport {
  /** Warm files written per dataset beyond events. */
  datasets: Record<string, DayExport[]>;
  /** Cold archives written (raw rows of traces, observations, scores, Spectrum turns). */
  cold: DayExport[];
}

/**
 * The nightly export of one project: events and the other warm datasets to Parquet, raw rows to the cold archive,
 * every whole UTC day before `now`'s day. Each part is idempotent on its own, so a retry after a crash resumes.
 */
export async function exportProjectTiers(db: Db, projectId: string, opts: { now?: Date; root?: string; force?: boolean } = {}): Promise<TiersExport> {
  const now = opts.now ?? new Date();
  const root = opts.root ?? warehouseRoot();
  const events = await exportProjectEvents(db, projectId, { ...opts, now, root });
  const datasets = await exportProjectDatasets(db, projectId, utcMidnight(now), root, now, !!opts.force);
  const cold = await archiveProjectCold(db, projectId, utcMidnight(now), root, now, !!opts.force);
  return { ...events, datasets, cold };
}
