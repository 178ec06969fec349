// Where the warm tier's files live: PRISM_WAREHOUSE_URL (a folder or file:// URL), else PRISM_DATA_DIR/warehouse.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { env } from "@/lib/env";

/** The absolute folder that manifest paths are relative to. */
export function warehouseRoot(e: { PRISM_WAREHOUSE_URL?: string; PRISM_DATA_DIR: string } = env()): string {
  const url = e.PRISM_WAREHOUSE_URL;
  if (!url) return path.resolve(e.PRISM_DATA_DIR, "warehouse");
  return path.resolve(url.startsWith("file://") ? fileURLToPath(url) : url);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One folder per project/table/date (`event_date=` so DuckDB's hive partitioning reads the day from the path). */
export function partitionPath(projectId: string, tableName: string, day: string, extension = "parquet"): string {
  if (!DAY.test(day)) throw new Error(`not a day: ${day}`);
  if (!/^[0-9a-f-]{36}$/.test(projectId) || !/^[a-z_]+$/.test(tableName)) throw new Error("bad partition key");
  return path.posix.join(projectId, tableName, `event_date=${day}`, `${tableName}.${extension}`);
}

/** The absolute path of a manifest path, refusing anything that would leave the root. */
export function absolutePath(root: string, relative: string): string {
  const full = path.resolve(root, relative);
  if (!full.startsWith(root + path.sep)) throw new Error(`path outside the warehouse: ${relative}`);
  return full;
}
