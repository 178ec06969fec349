// Where the tiers' files live: PRISM_WAREHOUSE_URL (a folder or file:// URL), else PRISM_DATA_DIR/warehouse. With an
// s3:// URL, the local folder is the object store's cache (lib/warehouse/object-store.ts), PRISM_DATA_DIR/warehouse-cache.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { env } from "@/lib/env";

/** The absolute folder that manifest paths are relative to. */
export function warehouseRoot(e: { PRISM_WAREHOUSE_URL?: string; PRISM_DATA_DIR: string } = env()): string {
  const url = e.PRISM_WAREHOUSE_URL;
  if (!url) return path.resolve(e.PRISM_DATA_DIR, "warehouse");
  const s3 = s3Location(url);
  if (s3) return path.resolve(e.PRISM_DATA_DIR, "warehouse-cache", s3.bucket, ...s3.prefix.split("/").filter(Boolean));
  return path.resolve(url.startsWith("file://") ? fileURLToPath(url) : url);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One folder per project/table/date (`event_date=` so DuckDB's hive partitioning reads the day from the path). */
export function partitionPath(projectId: string, tableName: string, day: string, extension = "parquet"): string {
  if (!DAY.test(day)) throw new Error(`not a day: ${day}`);
  if (!/^[0-9a-f-]{36}$/.test(projectId) || !/^[a-z_]+$/.test(tableName)) throw new Error("bad partition key");
  return path.posix.join(projectId, tableName, `event_date=${day}`, `${tableName}.${extension}`);
}

/**
 * A compacted month of a table: `month=YYYY-MM/<table>-<tag>.parquet`, the tag derived from the files it replaces, so
 * a retry after a crash writes the same name (and a later re-compaction of the month a new one).
 */
export function compactedPath(projectId: string, tableName: string, month: string, tag: string): string {
  if (!/^\d{4}-\d{2}$/.test(month) || !/^[0-9a-f]{6,64}$/.test(tag)) throw new Error("bad compacted partition");
  const daily = partitionPath(projectId, tableName, `${month}-01`);
  return path.posix.join(path.posix.dirname(path.posix.dirname(daily)), `month=${month}`, `${tableName}-${tag}.parquet`);
}

/** Whether a manifest path is a compacted file (several days), not a one-day file. */
export const isCompactedPath = (relative: string) => /\/month=\d{4}-\d{2}\//.test(relative);

/** The absolute path of a manifest path, refusing anything that would leave the root. */
export function absolutePath(root: string, relative: string): string {
  const full = path.resolve(root, relative);
  if (!full.startsWith(root + path.sep)) throw new Error(`path outside the warehouse: ${relative}`);
  return full;
}

/** The bucket and key prefix of an s3:// warehouse URL (null for a folder or file:// URL). */
export function s3Location(url: string | undefined): { bucket: string; prefix: string } | null {
  const m = url ? /^s3:\/\/([^/]+)\/?(.*)$/i.exec(url) : null;
  if (!m) return null;
  const prefix = m[2].replace(/^\/+|\/+$/g, "");
  if (prefix.split("/").some((p) => p === ".." || p === ".")) throw new Error("PRISM_WAREHOUSE_URL: the prefix may not contain . or .. segments");
  return { bucket: m[1], prefix };
}
