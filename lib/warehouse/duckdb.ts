// DuckDB, loaded only when something reads or writes the warm tier: pages that never reach past hot retention never
// load the native module. One in-memory instance per process; each operation takes its own connection.
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";

const globalForDuck = globalThis as unknown as { __prismDuckDb?: Promise<DuckDBInstance> };
let connectionsOpened = 0;

async function instance(): Promise<DuckDBInstance> {
  if (!globalForDuck.__prismDuckDb) {
    const opening = import("@duckdb/node-api").then(({ DuckDBInstance }) =>
      // Two threads: these machines have two cores, shared with the web server and PostgreSQL. No extension downloads.
      DuckDBInstance.create(":memory:", { threads: "2", autoinstall_known_extensions: "false" }),
    );
    globalForDuck.__prismDuckDb = opening;
    opening.catch(() => {
      if (globalForDuck.__prismDuckDb === opening) globalForDuck.__prismDuckDb = undefined;
    });
  }
  return globalForDuck.__prismDuckDb;
}

/** Runs `fn` on a fresh DuckDB connection (its temp tables vanish with it). */
export async function withDuckDb<T>(fn: (conn: DuckDBConnection, duck: typeof import("@duckdb/node-api")) => Promise<T>): Promise<T> {
  const duck = await import("@duckdb/node-api");
  connectionsOpened++;
  const conn = await (await instance()).connect();
  try {
    return await fn(conn, duck);
  } finally {
    conn.closeSync();
  }
}

/** A column name as a quoted DuckDB identifier. */
export function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string as a DuckDB SQL literal (file paths in COPY/read_parquet, which take no parameters there). */
export function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A temp table `name (column varchar)` holding `values` (a filter loaded in one pass, no literal list). */
export async function idTable(conn: DuckDBConnection, name: string, column: string, values: Iterable<string>): Promise<void> {
  await conn.run(`create temp table ${identifier(name)} (${identifier(column)} varchar)`);
  const appender = await conn.createAppender(name);
  for (const id of values) {
    appender.appendVarchar(id);
    appender.endRow();
  }
  appender.closeSync();
}

/** A temp table `name (user_id varchar)` holding `userIds` (a filter of end users). */
export function userIdTable(conn: DuckDBConnection, name: string, userIds: Iterable<string>): Promise<void> {
  return idTable(conn, name, "user_id", userIds);
}

/**
 * A scan of Parquet files (their own columns, never the `event_date=` folder names). The columns are the first file's
 * unless `unionByName`: then every column of any file, null in the files written before it existed (a dataset that
 * gained a column; each file's schema is read up front, so only reads that select `*` or a newer column ask for it).
 */
export function readParquet(files: string[], opts: { unionByName?: boolean } = {}): string {
  return `read_parquet([${files.map(literal).join(", ")}], hive_partitioning = false${opts.unionByName ? ", union_by_name = true" : ""})`;
}

/** DuckDB: whether the row's `column` (a TIMESTAMPTZ) lies in one of the [from, to) ranges. */
export function inRanges(column: string, ranges: [Date, Date][]): string {
  if (!ranges.length) return "false";
  const us = (t: Date) => BigInt(t.getTime()) * 1000n;
  return `(${ranges.map(([a, b]) => `(epoch_us(${identifier(column)}) >= ${us(a)} and epoch_us(${identifier(column)}) < ${us(b)})`).join(" or ")})`;
}

/** How many DuckDB connections this process has opened (a read that stays in the hot tier opens none: tests compare). */
export function duckDbConnectionsOpened(): number {
  return connectionsOpened;
}
