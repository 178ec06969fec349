import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDb, openPglite, openPostgres, rowsOf } from "@/db/client";
import { isLocalDatabase, templateDatabaseName, withDatabase } from "./postgres-url";

declare module "vitest" {
  export interface ProvidedContext {
    /** cacheDir: this run's scratch folder (seeded copies: tests/support/demo.ts). */
    dbTemplate: { cacheDir: string } & ({ kind: "pglite"; dumpPath: string } | { kind: "postgres"; templateUrl: string; adminUrl: string });
  }
}

/**
 * Migrates once per run into a template (a PGlite data-dir dump, or a Postgres template database);
 * every test file then opens its own isolated copy of it (tests/support/db.ts).
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "prism-test-"));
  const removeCache = () => fs.rmSync(cacheDir, { recursive: true, force: true });
  if (url) {
    // Tests create and drop databases: never point them at anything but a local server.
    if (!isLocalDatabase(url)) throw new Error(`TEST_DATABASE_URL must point at a local PostgreSQL, got host ${new URL(url).hostname}`);
    const name = templateDatabaseName();
    const admin = await openPostgres(url, 1);
    await admin.db.execute(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.db.execute(`CREATE DATABASE "${name}"`);
    const templateUrl = withDatabase(url, name);
    const template = await openPostgres(templateUrl, 1);
    await migrateDb(template);
    await template.close();
    // Clones are made over a connection to TEST_DATABASE_URL's own database, never to the template: PostgreSQL refuses
    // to copy a template while any other session is connected to it (two workers cloning at once).
    project.provide("dbTemplate", { kind: "postgres", templateUrl, adminUrl: url, cacheDir });
    return async () => {
      const copies = await admin.db.execute(`SELECT datname FROM pg_database WHERE datname LIKE '${name}\\_demo\\_%'`);
      for (const { datname } of rowsOf<{ datname: string }>(copies)) await admin.db.execute(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await admin.db.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.close();
      removeCache();
    };
  }
  const handle = await openPglite();
  await migrateDb(handle);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const dump = await ((handle.db as any).$client as import("@electric-sql/pglite").PGlite).dumpDataDir("none");
  await handle.close();
  const dumpPath = path.join(cacheDir, "template.tar");
  fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide("dbTemplate", { kind: "pglite", dumpPath, cacheDir });
  return removeCache;
}
