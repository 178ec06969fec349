// The test database every integration test starts from: every committed migration applied, and the tables, columns
// and indexes the drizzle schema declares really exist (a migration forgotten after a schema change fails here).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { createTestDb } from "./support/db";
import type { DbHandle } from "@/db/client";
import * as schema from "@/db/schema";

let h: DbHandle;
beforeAll(async () => { h = await createTestDb(); });
afterAll(async () => { await h.close(); });

const migrations = path.join(process.cwd(), "db", "migrations");
const tables = Object.values(schema).flatMap((v: unknown) => (v instanceof PgTable ? [getTableConfig(v as PgTable)] : []));
/**
 * Tables above or beside tenancy: organizations, their members and invitations, job steps (owned by a job run, which
 * carries project_id), and the instance-wide ingest merge log (one merge moves every project's batches; no tenant data).
 */
const NOT_TENANT_SCOPED = ["ingest_merges", "invitations", "job_steps", "memberships", "organizations", "projects", "users"];
/** Rows that may belong to no project: organization-level audit entries, and job runs not tied to one project. */
const PROJECT_OPTIONAL = ["audit_log", "job_runs"];

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const res = (await h.db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(res) ? res : res.rows;
}

describe("test database", () => {
  test("every migration in the journal is applied, each exactly as committed (same SQL hash, same order)", async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(migrations, "meta", "_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };
    expect(journal.entries.length).toBeGreaterThanOrEqual(19);
    const expected = journal.entries.map((e) => ({
      hash: createHash("sha256").update(fs.readFileSync(path.join(migrations, `${e.tag}.sql`), "utf8")).digest("hex"),
      createdAt: String(e.when),
    }));
    const applied = await rows<{ hash: string; created_at: string | number }>(sql`select hash, created_at from drizzle.__drizzle_migrations order by id`);
    expect(applied.map((r) => ({ hash: r.hash, createdAt: String(r.created_at) }))).toEqual(expected);
  });

  test("every table and column the schema declares exists", async () => {
    const cols = await rows<{ table_name: string; column_name: string }>(
      sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`,
    );
    const actual = new Set(cols.map((c) => `${c.table_name}.${c.column_name}`));
    const declared = tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`));
    expect(declared.length).toBeGreaterThan(100);
    expect(declared.filter((c) => !actual.has(c))).toEqual([]);
    // Spot checks written out by hand, so the test does not only compare the schema with itself.
    for (const c of ["traces.project_id", "observations.trace_id", "job_runs.idempotency_key", "spectrum_turns.user_id", "metric_rollups.bucket_start"]) {
      expect(actual, c).toContain(c);
    }
  });

  test("every index the schema declares exists, including the ones dashboards and jobs rely on", async () => {
    const idx = await rows<{ indexname: string }>(sql`select indexname from pg_indexes where schemaname = 'public'`);
    const actual = new Set(idx.map((i) => i.indexname));
    const declared = tables.flatMap((t) => t.indexes.map((i) => i.config.name).filter((n): n is string => Boolean(n)));
    expect(declared.filter((n) => !actual.has(n))).toEqual([]);
    for (const n of ["traces_project_time_id_idx", "events_project_user_time_idx", "job_runs_function_key_idx", "monitoring_anomalies_identity_idx", "experiment_exposures_unique_idx"]) {
      expect(actual, n).toContain(n);
    }
  });

  test("every tenant table carries project_id, non-null except where a row may belong to no project", async () => {
    const cols = await rows<{ table_name: string; is_nullable: string }>(
      sql`select table_name, is_nullable from information_schema.columns where table_schema = 'public' and column_name = 'project_id'`,
    );
    const withProject = new Map(cols.map((c) => [c.table_name, c.is_nullable]));
    // A partition (events' weeks, migration 0079) is storage of its declared parent, not a table of its own.
    const all = await rows<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'
        and table_name not in (select relname from pg_class where relispartition)`,
    );
    const missing = all.map((t) => t.table_name).filter((t) => !withProject.has(t)).sort();
    expect(missing).toEqual(NOT_TENANT_SCOPED);
    expect([...withProject].filter(([, nullable]) => nullable !== "NO").map(([t]) => t).sort()).toEqual(PROJECT_OPTIONAL);
    expect(all.length).toBe(tables.length);
  });
});
