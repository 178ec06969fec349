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
