import path from "node:path";
import fs from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { env } from "@/lib/env";

export type Schema = typeof schema;
/** One type for both drivers: library code takes `db` as its first argument and never knows which it got. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Driver = "pglite" | "postgres";

export interface DbHandle {
  db: Db;
  driver: Driver;
  close: () => Promise<void>;
}

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
  const db = drizzle({ client, schema }) as unknown as Db;
  return { db, driver: "pglite", close: () => client.close() };
}

export async function openPostgres(url: string, max = 10): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  // jit off: on the 2-core machines we measure on, compiling plans cost more than it saved on every heavy query we
  // run (experiment results full computation 9.3 -> 7.3 s, rebuild 20.2 -> 15.5 s, 90-day cost board 1.6 -> 1.3 s,
  // Spectrum weekly job unchanged), and ~0.2 s on dashboard queries just above the JIT cost threshold.
  const client = postgres(url, { max, onnotice: () => {}, connection: { jit: "off" } });
  const db = drizzle({ client, schema }) as unknown as Db;
  return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
}

export async function migrateDb(handle: DbHandle): Promise<void> {
  if (handle.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder });
  }
}

// Next.js bundles instrumentation and each route separately, so module state is not shared between them:
// the handle lives on globalThis so the whole server uses one database (PGlite allows a single opener).
const globalForDb = globalThis as unknown as { __prismDb?: Promise<DbHandle> };

export function getDbHandle(): Promise<DbHandle> {
  if (!globalForDb.__prismDb) {
    const e = env();
    const opening = e.DATABASE_URL
      ? openPostgres(e.DATABASE_URL)
      : openPglite({ dataDir: path.resolve(e.PRISM_DATA_DIR, "pglite") });
    globalForDb.__prismDb = opening;
    // A failed open is not cached: the next caller (start-up's retry, a request) tries again.
    opening.catch(() => {
      if (globalForDb.__prismDb === opening) globalForDb.__prismDb = undefined;
    });
  }
  return globalForDb.__prismDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Tests (and scripts) point the app at a database they opened themselves. */
export function setDbHandle(handle: DbHandle | undefined) {
  globalForDb.__prismDb = handle ? Promise.resolve(handle) : undefined;
}

/** The rows of a db.execute result, whichever driver ran it (postgres.js returns an array, PGlite `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Rows changed by an insert/update/delete run through db.execute, whichever driver ran it. */
export function affectedRows(result: unknown): number {
  const r = result as { affectedRows?: number; count?: number };
  return Number(r.affectedRows ?? r.count ?? 0);
}
