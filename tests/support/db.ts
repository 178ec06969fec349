import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { openPglite, openPostgres, setDbHandle, type DbHandle } from "@/db/client";
import { withDatabase } from "./postgres-url";

/**
 * An isolated, migrated database for one test file: a PGlite copy of the template dump, or a Postgres
 * database cloned from the template database (or from `fromDatabase`, a seeded copy: tests/support/demo.ts).
 * It also becomes the database route handlers use.
 */
export async function createTestDb(fromDatabase?: string): Promise<DbHandle> {
  const template = inject("dbTemplate");
  let handle: DbHandle;
  if (template.kind === "pglite") {
    const bytes = fs.readFileSync(template.dumpPath);
    handle = await openPglite({ loadDataDir: new Blob([bytes]) });
  } else {
    const name = `prism_test_${randomBytes(6).toString("hex")}`;
    const templateName = fromDatabase ?? new URL(template.templateUrl).pathname.slice(1);
    const admin = await openPostgres(template.adminUrl, 1);
    await admin.db.execute(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
    await admin.close();
    const own = await openPostgres(withDatabase(template.templateUrl, name), 4);
    handle = {
      ...own,
      close: async () => {
        await own.close();
        const cleanup = await openPostgres(template.adminUrl, 1);
        await cleanup.db.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await cleanup.close();
      },
    };
  }
  setDbHandle(handle);
  return handle;
}

/** A PGlite database's data directory as bytes (what `openPglite({ loadDataDir })` opens again). */
export async function dumpPglite(handle: DbHandle): Promise<Buffer<ArrayBuffer>> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const dump = await ((handle.db as any).$client as import("@electric-sql/pglite").PGlite).dumpDataDir("none");
  return Buffer.from(await dump.arrayBuffer());
}

export interface TestDbSnapshot<T> {
  /** What `build` returned. */
  built: T;
  /** An isolated copy of the built database (also the route handlers' database); closing it removes it. */
  copy: () => Promise<DbHandle>;
  /** Removes the built database (call once, after the last copy). */
  drop: () => Promise<void>;
}

/**
 * An expensive fixture built once per file and copied for each test that changes it: `build` runs on a database of
 * its own, and every `copy()` starts from what it wrote (a PGlite dump, or a Postgres database used as a template).
 */
export async function snapshotTestDb<T>(build: (handle: DbHandle) => Promise<T>): Promise<TestDbSnapshot<T>> {
  const template = inject("dbTemplate");
  if (template.kind === "pglite") {
    const handle = await createTestDb();
    try {
      const built = await build(handle);
      const bytes = await dumpPglite(handle);
      const copy = async () => {
        const own = await openPglite({ loadDataDir: new Blob([bytes]) });
        setDbHandle(own);
        return own;
      };
      return { built, copy, drop: async () => {} };
    } finally {
      await handle.close();
    }
  }
  // Postgres copies a database only while nothing is connected to it: build it, close it, then clone it per test.
  const name = `prism_test_${randomBytes(6).toString("hex")}`;
  const onAdmin = async (statement: string) => {
    const admin = await openPostgres(template.adminUrl, 1);
    await admin.db.execute(statement).finally(() => admin.close());
  };
  await onAdmin(`CREATE DATABASE "${name}" TEMPLATE "${new URL(template.templateUrl).pathname.slice(1)}"`);
  const drop = () => onAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    const own = await openPostgres(withDatabase(template.templateUrl, name), 4);
    setDbHandle(own);
    const built = await build(own).finally(() => own.close());
    return { built, copy: () => createTestDb(name), drop };
  } catch (e) {
    await drop();
    throw e;
  }
}

