// Warm files of the datasets beyond events (lib/warehouse/store/datasets.ts): one Parquet file per project/table/day,
// written from the hot rows with DuckDB and merged with the rows the file already held whose hot copy retention took.
import fs from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Dataset } from "./store/datasets";
import { identifier as ident, literal, withDuckDb } from "./duckdb";
import { fileStats, replaceAtomically } from "./files";
import type { WrittenFile } from "./parquet-events";

const PARQUET = "(format parquet, compression zstd)";

/** Row count and distinct end users of a file with a `user_id` column. */
export async function describeRows(conn: DuckDBConnection, file: string) {
  const count = await conn.runAndReadAll(`select count(*)::bigint as n from read_parquet(${literal(file)}, hive_partitioning = false)`);
  const users = await conn.runAndReadAll(`select distinct user_id from read_parquet(${literal(file)}, hive_partitioning = false) where user_id is not null order by 1`);
  return { rows: Number(count.getRowObjectsJS()[0].n), userIds: users.getRowObjectsJS().map((r) => String(r.user_id)) };
}

/**
 * Loads rows given as text (one array per row, in the dataset's column order) into a typed temp table `name`:
 * appended as varchar, then cast to the Parquet types in one statement.
 */
export async function loadTextRows(conn: DuckDBConnection, d: Dataset, name: string, pages: AsyncIterable<(string | null)[][]>): Promise<void> {
  const raw = `${name}_text`;
  await conn.run(`create temp table ${raw} (${d.columns.map((c) => `${ident(c.name)} varchar`).join(", ")})`);
  const appender = await conn.createAppender(raw);
  for await (const page of pages) {
    for (const row of page) {
      for (const v of row) {
        if (v === null) appender.appendNull();
        else appender.appendVarchar(v);
      }
      appender.endRow();
    }
    appender.flushSync();
  }
  appender.closeSync();
  const typed = (c: Dataset["columns"][number]) => (c.fromText ? c.fromText(ident(c.name)) : `cast(${ident(c.name)} as ${c.type})`);
  await conn.run(`create temp table ${name} as select ${d.columns.map((c) => `${typed(c)} as ${ident(c.name)}`).join(", ")} from ${raw}`);
  await conn.run(`drop table ${raw}`);
}

/**
 * Writes one day of a dataset at `file`; rows of the previous file whose key is no longer hot are kept. The previous
 * file is matched by column name: one written before a column was added gives its rows a null there.
 */
export async function writeDatasetFile(file: string, d: Dataset, pages: AsyncIterable<(string | null)[][]>): Promise<WrittenFile> {
  return withDuckDb(async (conn) => {
    await loadTextRows(conn, d, "hot_rows", pages);
    const sameKey = d.key.map((k) => `p.${ident(k)} = h.${ident(k)}`).join(" and ");
    const previous = fs.existsSync(file)
      ? ` union all by name select * from read_parquet(${literal(file)}, hive_partitioning = false) p where not exists (select 1 from hot_rows h where ${sameKey})`
      : "";
    const order = [d.time, ...d.key].map(ident).join(", ");
    return replaceAtomically(file, async (tmp) => {
      await conn.run(`copy (select * from (select * from hot_rows${previous}) order by ${order}) to ${literal(tmp)} ${PARQUET}`);
      return { ...(await describeRows(conn, tmp)), ...(await fileStats(tmp)) };
    });
  });
}
