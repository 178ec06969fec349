// Reads over both tiers for boards other than the Overview (Costs): each warm dataset named becomes a DuckDB
// temp view or table of one range, its days past hot retention read from Parquet and the rest loaded from the hot tables, so one
// query computes figures that need every row at once (percentiles, top lists) exactly as the hot SQL does.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Db } from "@/db/client";
import { WARM_DATASETS } from "./store/datasets";
import { datasetPages } from "./export";
import { inRanges, readParquet, withDuckDb } from "./duckdb";
import { loadTextRows } from "./parquet-rows";
import { splitByTier } from "./warm-reads";

const MATERIALIZE_ABOVE_FILES = 40;

/**
 * Runs `fn` with a table per dataset over [from, to) when some day of the range is read from the warm tier for at least
 * one of them; null (nothing loaded, DuckDB untouched) when the hot tables answer the whole range.
 */
export async function withTierViews<T>(
  db: Db,
  projectId: string,
  names: string[],
  range: { from: Date; to: Date },
  now: Date,
  fn: (conn: DuckDBConnection) => Promise<T>,
  root?: string,
): Promise<T | null> {
  const datasets = names.map((n) => WARM_DATASETS.find((d) => d.name === n)!);
  const splits = await Promise.all(datasets.map((d) => splitByTier(db, projectId, [[range.from, range.to]], now, root, d.name)));
  if (splits.every((s) => !s.warm.files.length)) return null;
  return withDuckDb(async (conn) => {
    for (const [i, d] of datasets.entries()) {
      const split = splits[i];
      async function* hotPages() {
        for (const [a, b] of split.hot) yield* datasetPages(db, projectId, d, a, b);
      }
      await loadTextRows(conn, d, `hot_${d.name}`, hotPages());
      const warm = split.warm.files.length
        ? ` union all by name select * from ${readParquet(split.warm.files.map((f) => f.file), { unionByName: true })}
            where ${inRanges(d.time, split.warm.ranges)}`
        : "";
      // Few files (compacted months): a view, each of the board's queries scans the Parquet files (scanning costs about a
      // tenth of copying the rows into a table; 180-day board 2-3× faster than materialized, 20k traces). Many small
      // files: materialized once, since opening every daily file per query cost 4× (measured with 360 daily files).
      const materialize = split.warm.files.length > MATERIALIZE_ABOVE_FILES;
      await conn.run(`create temp ${materialize ? "table" : "view"} ${d.name} as select * from hot_${d.name}${warm}`);
      if (materialize) await conn.run(`drop table hot_${d.name}`);
    }
    return fn(conn);
  });
}
