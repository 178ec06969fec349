// Warm files that hold several days (compacted months): merge daily files into one, rewrite one keeping some of its
// rows, and describe it per day (rows and users of each UTC day), which is what the manifest records for it.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { FileDay } from "./store/manifest";
import { WARM_DATASETS } from "./store/datasets";
import { identifier as ident, literal, withDuckDb } from "./duckdb";
import { fileStats, replaceAtomically, type FileStats } from "./files";

const PARQUET = "(format parquet, compression zstd)";
const DAY_US = 86_400_000_000n;

/** The column whose UTC day a warm table's row belongs to. */
export function warmTimeColumn(tableName: string): string {
  if (tableName === "events") return "timestamp";
  const d = WARM_DATASETS.find((x) => x.name === tableName);
  if (!d) throw new Error(`not a warm table: ${tableName}`);
  return d.time;
}

/** SQL for the UTC day number (days since 1970-01-01) of a row, independent of DuckDB's time zone setting. */
const dayNumber = (time: string) => `(epoch_us(${ident(time)}) // ${DAY_US})`;
const dayOfNumber = (n: bigint | number) => new Date(Number(n) * 86_400_000).toISOString().slice(0, 10);

export interface DaysFile extends FileStats {
  rows: number;
  days: FileDay[];
}

async function describeDays(conn: DuckDBConnection, file: string, time: string): Promise<FileDay[]> {
  const reader = await conn.runAndReadAll(`
    select ${dayNumber(time)} as d, count(*)::bigint as n, list(distinct user_id) filter (where user_id is not null) as users
    from read_parquet(${literal(file)}, hive_partitioning = false) group by 1 order by 1`);
  return reader.getRowObjectsJS().map((r) => ({
    day: dayOfNumber(r.d as bigint),
    rows: Number(r.n),
    userIds: ((r.users as string[] | null) ?? []).map(String).sort(),
  }));
}

async function statsOf(conn: DuckDBConnection, tmp: string, time: string): Promise<DaysFile> {
  const days = await describeDays(conn, tmp, time);
  return { rows: days.reduce((s, d) => s + d.rows, 0), days, ...(await fileStats(tmp)) };
}

/** Per-day rows and users of a file, with its size and checksum. */
export function describeFileDays(file: string, time: string): Promise<DaysFile> {
  return withDuckDb((conn) => statsOf(conn, file, time));
}

/** Writes the rows of `inputs` (files of one table) into one file at `out`, in time order (atomically). */
export function writeMergedFile(out: string, inputs: string[], time: string): Promise<DaysFile> {
  return withDuckDb((conn) =>
    replaceAtomically(out, async (tmp) => {
      const files = inputs.map(literal).join(", ");
      await conn.run(`copy (select * from read_parquet([${files}], hive_partitioning = false, union_by_name = true) order by ${ident(time)}) to ${literal(tmp)} ${PARQUET}`);
      return statsOf(conn, tmp, time);
    }),
  );
}

/** What a rewrite keeps: rows not of one user (erasure), and/or rows of some days only (retention). */
export interface KeepRows {
  notUser?: string;
  days?: string[];
}

/** Rewrites a multi-day file in place keeping only the rows `keep` selects. */
export function rewriteDaysFile(file: string, time: string, keep: KeepRows): Promise<DaysFile> {
  const where: string[] = [];
  if (keep.notUser !== undefined) where.push(`user_id is distinct from ${literal(keep.notUser)}`);
  if (keep.days) {
    const numbers = keep.days.map((d) => String(BigInt(Date.parse(`${d}T00:00:00.000Z`) / 86_400_000)));
    where.push(numbers.length ? `${dayNumber(time)} in (${numbers.join(", ")})` : "false");
  }
  return withDuckDb((conn) =>
    replaceAtomically(file, async (tmp) => {
      await conn.run(
        `copy (select * from read_parquet(${literal(file)}, hive_partitioning = false) ${where.length ? `where ${where.join(" and ")}` : ""}) to ${literal(tmp)} ${PARQUET}`,
      );
      return statsOf(conn, tmp, time);
    }),
  );
}
