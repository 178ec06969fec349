import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrationsFolder, rowsOf, type DbHandle } from "@/db/client";

/**
 * Database reachability and migration state, and Redis's (a degraded Redis leaves the HTTP status alone: the
 * server still works, with per-process limits); nothing secret (no URLs, no keys).
 */
export async function checkHealth(handle: DbHandle, jobMode: string, redis: "ok" | "degraded" | "not configured" = "not configured") {
  const started = Date.now();
  let dbOk = true;
  let applied = 0;
  try {
    await handle.db.execute(sql`select 1`);
    const result = await handle.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    applied = Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
  } catch {
    dbOk = false;
  }
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  const expected = journal.entries.length;
  const healthy = dbOk && applied === expected;
  return {
    status: healthy ? "ok" : "degraded",
    database: { ok: dbOk, driver: handle.driver, latencyMs: Date.now() - started },
    migrations: { applied, expected, upToDate: applied === expected },
    jobs: { mode: jobMode },
    redis,
  };
}
