// The warm export: whole UTC days of a project's events older than today, one Parquet file per day, recorded in the
// storage manifest. Idempotent: a day whose hot rows match its file is skipped, a changed day is rewritten in place.
import type { Db } from "@/db/client";
import { hotEventDays, hotEventPage, type EventPageCursor, type HotEventRow } from "./store/hot-events";
import { listFiles, recordFile, warmTierProjects } from "./store/manifest";
import { absolutePath, partitionPath, warehouseRoot } from "./location";
import { writeEventsFile } from "./parquet-events";
import { datasetPage, hotDays, WARM_DATASETS, type Dataset } from "./store/datasets";
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
 * Exports a project's events of every whole UTC day before `now`'s day. A day is (re)written when it has no file
 * yet or its hot row count differs from the file's (late events; a file whose hot rows retention already removed
 * is merged, not replaced: see writeEventsFile). `force` rewrites every day that still has hot rows.
 */
export async function exportProjectEvents(db: Db, projectId: string, opts: { now?: Date; root?: string; force?: boolean } = {}): Promise<ProjectExport> {
  const now = opts.now ?? new Date();
  const root = opts.root ?? warehouseRoot();
  const today = utcMidnight(now);
  const files = new Map((await listFiles(db, projectId, "events", "warm")).map((f) => [f.eventDate, f]));
  const written: DayExport[] = [];
  let unchanged = 0;
  for (const { day, rows } of await hotEventDays(db, projectId, today)) {
    const existing = files.get(day);
    if (existing && existing.rows === rows && !opts.force) {
      unchanged++;
      continue;
    }
    const from = new Date(`${day}T00:00:00.000Z`);
    const relative = partitionPath(projectId, "events", day);
    // The file being replaced is merged with the hot rows: on an object store, fetch it first.
    await ensureLocal(root, relative);
    const out = await writeEventsFile(absolutePath(root, relative), pagesOf(db, projectId, from, new Date(from.getTime() + DAY_MS)));
    await publishFile(root, relative);
    await recordFile(db, { projectId, tableName: "events", eventDate: day, tier: "warm", path: relative, rows: out.rows, bytes: out.bytes, sha256: out.sha256 }, out.userIds, now);
    written.push({ day, rows: out.rows, bytes: out.bytes, path: relative });
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
    for (const { day, rows } of await hotDays(db, projectId, d.source, d.time, today)) {
      const existing = files.get(day);
      if (existing && existing.rows === rows && !force) continue;
      const from = new Date(`${day}T00:00:00.000Z`);
      const relative = partitionPath(projectId, d.name, day);
      await ensureLocal(root, relative);
      const out = await writeDatasetFile(absolutePath(root, relative), d, datasetPages(db, projectId, d, from, new Date(from.getTime() + DAY_MS)));
      await publishFile(root, relative);
      await recordFile(db, { projectId, tableName: d.name, eventDate: day, tier: "warm", path: relative, rows: out.rows, bytes: out.bytes, sha256: out.sha256 }, out.userIds, now);
      written[d.name].push({ day, rows: out.rows, bytes: out.bytes, path: relative });
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
