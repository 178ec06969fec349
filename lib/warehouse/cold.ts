// The cold tier: whole raw rows (payloads included) of traces, observations, scores and Spectrum turns, archived per
// project/table/day as gzip-compressed JSON lines `{"u": end user, "r": row}` in the storage manifest (sha256, rows,
// retention class raw-payload), restorable into the hot tables, rewritten without a user on erasure.
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import readline from "node:readline";
import { createGunzip, createGzip } from "node:zlib";
import type { Db } from "@/db/client";
import { COLD_DATASETS, coldDayPage, hotDays, insertRawRows, type ColdDataset } from "./store/datasets";
import { dayUnchanged, listFiles, recordFile } from "./store/manifest";
import { absolutePath, partitionPath, warehouseRoot } from "./location";
import { fileStats, replaceAtomically } from "./files";
import { ensureLocal, publishFile } from "./object-store";
import { keysetPages } from "./pages";
import type { DayExport } from "./export";
import type { WrittenFile } from "./parquet-events";

const DAY_MS = 86_400_000;
const PAGE_ROWS = 5_000;
export const COLD_EXTENSION = "jsonl.gz";

interface ColdLine {
  u: string | null;
  r: Record<string, unknown>;
}

/** Writes lines through gzip into `file`, returning the row count and the distinct users. */
async function writeColdLines(file: string, lines: AsyncIterable<{ row: string; userId: string | null }>): Promise<Omit<WrittenFile, "bytes" | "sha256">> {
  const gzip = createGzip({ level: 6 });
  const out = gzip.pipe(createWriteStream(file));
  const users = new Set<string>();
  let rows = 0;
  for await (const l of lines) {
    if (!gzip.write(`{"u":${JSON.stringify(l.userId)},"r":${l.row}}\n`)) await once(gzip, "drain");
    if (l.userId !== null) users.add(l.userId);
    rows++;
  }
  gzip.end();
  await once(out, "finish");
  return { rows, userIds: [...users].sort() };
}

/** Every line of a cold file, parsed. */
export async function* readColdFile(file: string): AsyncGenerator<ColdLine> {
  const lines = readline.createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as ColdLine;
}

/**
 * The raw rows of a cold dataset archived for days [from, to] (YYYY-MM-DD, both included) that `keep` accepts: payloads
 * of rows gone from the hot tables, read where a view needs them (e.g. the first user message of an expired trace).
 */
export async function coldRows(db: Db, projectId: string, dataset: string, days: { from: string; to: string }, keep: (row: Record<string, unknown>) => boolean, root = warehouseRoot()) {
  const files = await listFiles(db, projectId, dataset, "cold", { from: days.from });
  const rows: Record<string, unknown>[] = [];
  for (const f of files.filter((f) => f.eventDate <= days.to)) {
    if (!(await ensureLocal(root, f.path))) continue;
    for await (const line of readColdFile(absolutePath(root, f.path))) if (keep(line.r)) rows.push(line.r);
  }
  return rows;
}

async function* dayLines(db: Db, projectId: string, d: ColdDataset, from: Date) {
  const to = new Date(from.getTime() + DAY_MS);
  for await (const page of keysetPages((after: string[] | null) => coldDayPage(db, projectId, d, from, to, after, PAGE_ROWS), PAGE_ROWS)) yield* page;
}

/** Merges the hot rows of a day with an existing archive's rows the hot table no longer has (by primary key). */
async function* mergedLines(db: Db, projectId: string, d: ColdDataset, from: Date, existing: string | null) {
  const seen = new Set<string>();
  const keyOf = (r: Record<string, unknown>) => d.key.map((k) => String(r[k])).join("\u001f");
  for await (const l of dayLines(db, projectId, d, from)) {
    if (existing) seen.add(keyOf(JSON.parse(l.row) as Record<string, unknown>));
    yield l;
  }
  if (!existing) return;
  for await (const l of readColdFile(existing)) if (!seen.has(keyOf(l.r))) yield { row: JSON.stringify(l.r), userId: l.u };
}

/**
 * Archives a project's raw rows of every whole UTC day before `today` to the cold tier. A day is (re)written when it
 * has no archive yet or its hot rows changed since (fingerprint, see dayUnchanged) (rows the archive holds that retention already
 * removed from the hot table are kept).
 */
export async function archiveProjectCold(db: Db, projectId: string, today: Date, root: string, now: Date, force = false): Promise<DayExport[]> {
  const written: DayExport[] = [];
  for (const d of COLD_DATASETS) {
    const files = new Map((await listFiles(db, projectId, d.name, "cold")).map((f) => [f.eventDate, f]));
    for (const hot of await hotDays(db, projectId, d.table, d.time, today, `${d.table}::text`)) {
      const day = hot.day;
      if (dayUnchanged(files.get(day), hot) && !force) continue;
      const relative = partitionPath(projectId, d.name, day, COLD_EXTENSION);
      const full = absolutePath(root, relative);
      const previous = (await ensureLocal(root, relative)) ? full : null;
      const out = await replaceAtomically(full, async (tmp) => {
        const lines = await writeColdLines(tmp, mergedLines(db, projectId, d, new Date(`${day}T00:00:00.000Z`), previous));
        return { ...lines, ...(await fileStats(tmp)) };
      });
      await publishFile(root, relative);
      await recordFile(db, { projectId, tableName: d.name, eventDate: day, tier: "cold", path: relative, rows: out.rows, bytes: out.bytes, sha256: out.sha256, contentHash: hot.contentHash }, out.userIds, now);
      written.push({ day, rows: out.rows, bytes: out.bytes, path: relative });
    }
  }
  return written;
}

export interface ColdRestore {
  files: number;
  /** Rows read from the archives and rows actually inserted (rows already hot are left as they are), per hot table. */
  read: Record<string, number>;
  inserted: Record<string, number>;
}

/**
 * Reloads the archived raw rows of days [from, to] (YYYY-MM-DD, inclusive) into the hot tables, parents first
 * (traces before their observations and scores). Idempotent: a row already hot is skipped by its primary key.
 */
export async function restoreCold(db: Db, projectId: string, range: { from: string; to: string }, root: string): Promise<ColdRestore> {
  const result: ColdRestore = { files: 0, read: {}, inserted: {} };
  const nextDay = new Date(Date.parse(`${range.to}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
  for (const d of COLD_DATASETS) {
    result.read[d.table] = 0;
    result.inserted[d.table] = 0;
    for (const f of await listFiles(db, projectId, d.name, "cold", { from: range.from, to: nextDay })) {
      const full = absolutePath(root, f.path);
      if (!(await ensureLocal(root, f.path))) continue;
      result.files++;
      let batch: string[] = [];
      const flush = async () => {
        result.inserted[d.table] += await insertRawRows(db, d.table, batch);
        batch = [];
      };
      for await (const l of readColdFile(full)) {
        // The archive is the project's own: a row claiming another project is never written.
        if (l.r.project_id !== projectId) continue;
        batch.push(JSON.stringify(l.r));
        result.read[d.table]++;
        if (batch.length >= 500) await flush();
      }
      await flush();
    }
  }
  return result;
}

/** Rewrites a cold file without one end user's rows (erasure); its new row count, users, size and checksum. */
export async function rewriteColdWithoutUser(file: string, userId: string): Promise<WrittenFile> {
  return replaceAtomically(file, async (tmp) => {
    async function* kept() {
      for await (const l of readColdFile(file)) if (l.u !== userId) yield { row: JSON.stringify(l.r), userId: l.u };
    }
    const lines = await writeColdLines(tmp, kept());
    return { ...lines, ...(await fileStats(tmp)) };
  });
}

/** How many lines of a cold file hold `needle` anywhere (the erasure proof's scan). */
export async function coldLinesMentioning(file: string, needle: string): Promise<number> {
  let n = 0;
  for await (const l of readColdFile(file)) if (JSON.stringify(l).includes(needle)) n++;
  return n;
}
