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

/** How many DuckDB connections this process has opened (a read that stays in the hot tier opens none: tests compare). */
export function duckDbConnectionsOpened(): number {
  return connectionsOpened;
}
