import fs from "node:fs";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { inject } from "vitest";
import { openPglite, openPostgres, setDbHandle, type DbHandle } from "@/db/client";
import { seedDemo, type DemoSeedResult } from "@/lib/demo/seed";
import type { DemoOptions } from "@/lib/demo/generate";
import { createTestDb, dumpPglite } from "./db";
import { withDatabase } from "./postgres-url";

/**
 * An isolated test database holding the demo seeded with `options`. The first file of a run that asks for a given
 * set of options seeds it (the whole seed: data and set-up passes) and keeps a copy (a PGlite dump, or a Postgres
 * template database); later files with the same options clone that copy instead of seeding again. Two files racing
 * on the same options both seed; the last copy wins, both are complete.
 */
export async function createDemoTestDb(options: DemoOptions): Promise<{ handle: DbHandle; seeded: DemoSeedResult }> {
  const template = inject("dbTemplate");
  const key = createHash("sha256").update(JSON.stringify(options, Object.keys(options).sort())).digest("hex").slice(0, 12);
  const marker = path.join(template.cacheDir, `demo-${key}.json`);
  if (fs.existsSync(marker)) {
    const copy = JSON.parse(fs.readFileSync(marker, "utf8")) as DemoCopy;
    return { handle: await openCopy(copy), seeded: copy.seeded };
  }
  if (template.kind === "pglite") {
    const handle = await createTestDb();
    const seeded = await seedDemo(handle.db, options);
    const dumpPath = path.join(template.cacheDir, `demo-${key}-${randomBytes(4).toString("hex")}.tar`);
    writeAtomically(dumpPath, await dumpPglite(handle));
    writeAtomically(marker, JSON.stringify({ kind: "pglite", dumpPath, seeded } satisfies DemoCopy));
    return { handle, seeded };
  }
  // Postgres copies a database only while nothing is connected to it: seed a database of its own, close it, and
  // clone it for this file and every later one (nothing else ever connects to it).
  const database = `${templateName(template.templateUrl)}_demo_${key}_${randomBytes(3).toString("hex")}`;
  await withAdmin(template.adminUrl, (admin) => admin.db.execute(`CREATE DATABASE "${database}" TEMPLATE "${templateName(template.templateUrl)}"`));
  const seeder = await openPostgres(withDatabase(template.templateUrl, database), 4);
  setDbHandle(seeder);
  const seeded = await seedDemo(seeder.db, options).finally(() => seeder.close());
  writeAtomically(marker, JSON.stringify({ kind: "postgres", database, seeded } satisfies DemoCopy));
  return { handle: await createTestDb(database), seeded };
}

type DemoCopy = { seeded: DemoSeedResult } & ({ kind: "pglite"; dumpPath: string } | { kind: "postgres"; database: string });

async function openCopy(copy: DemoCopy): Promise<DbHandle> {
  if (copy.kind === "postgres") return createTestDb(copy.database);
  const handle = await openPglite({ loadDataDir: new Blob([fs.readFileSync(copy.dumpPath)]) });
  setDbHandle(handle);
  return handle;
}

const templateName = (url: string) => new URL(url).pathname.slice(1);

async function withAdmin<T>(url: string, fn: (admin: DbHandle) => Promise<T>): Promise<T> {
  const admin = await openPostgres(url, 1);
  try {
    return await fn(admin);
  } finally {
    await admin.close();
  }
}

function writeAtomically(file: string, data: string | Buffer) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** The demo most test files read: 30 days of 120 users up to 2026-11-01 (seeded once per run, then cloned). */
export const DEMO_TEST_OPTIONS: DemoOptions = { anchor: new Date("2026-11-01T00:00:00Z"), days: 30, users: 120 };
/**
 * That demo's clock (its generatedUntil, the end of the anchor day): its data, traces included, ends here and its set-up
 * passes ran at it, so a test reads it with ranges ending here, not at the real clock's "now".
 */
export const DEMO_TEST_NOW = new Date("2026-11-02T00:00:00Z");
/** Seeding the whole demo takes a while on a busy machine; the clone is quick. */
export const DEMO_SEED_TIMEOUT = 240_000;
