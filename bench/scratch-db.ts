import { sql } from "drizzle-orm";
import { migrateDb, openPglite, openPostgres, rowsOf, type Db, type DbHandle } from "@/db/client";
import { ensureOrganization, ensureProject, ensureUser } from "@/lib/bootstrap/ensure";

/**
 * A migrated scratch database for one benchmark: in-memory PGlite, or, when DATABASE_URL is set, a fresh
 * PostgreSQL database on that server that is dropped on close. With BENCH_KEEP_DB=<name> the database of that name is
 * created if missing, reused if not, and kept on close: a bench whose data takes minutes to load (the users benches at
 * millions of events) can then be rerun on the same rows, and its queries inspected with EXPLAIN ANALYZE in psql.
 */
export async function openScratchDb(label: string): Promise<DbHandle & { url?: string }> {
  const adminUrl = process.env.DATABASE_URL;
  const keep = process.env.BENCH_KEEP_DB;
  let handle: DbHandle & { url?: string };
  if (!adminUrl) {
    handle = await openPglite();
  } else if (keep) {
    if (!/^[a-z_][a-z0-9_]*$/.test(keep)) throw new Error("BENCH_KEEP_DB: a lower-case database name");
    const admin = await openPostgres(adminUrl, 1);
    const exists = rowsOf(await admin.db.execute(sql`select 1 from pg_database where datname = ${keep}`)).length > 0;
    if (!exists) await admin.db.execute(sql.raw(`CREATE DATABASE ${keep}`));
    await admin.close();
    const url = new URL(adminUrl);
    url.pathname = `/${keep}`;
    handle = { ...(await openPostgres(url.toString(), 4)), url: url.toString() };
  } else {
    const name = `prism_bench_${label}_${Date.now()}`;
    const admin = await openPostgres(adminUrl, 1);
    await admin.db.execute(sql.raw(`CREATE DATABASE ${name}`));
    await admin.close();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const own = await openPostgres(url.toString(), 4);
    handle = {
      ...own,
      url: url.toString(),
      close: async () => {
        await own.close();
        const cleanup = await openPostgres(adminUrl, 1);
        await cleanup.db.execute(sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
        await cleanup.close();
      },
    };
  }
  await migrateDb(handle);
  return handle;
}

/** A "bench" organization, project and owner-like actor for benchmarks that call audited store functions. */
export async function benchProject(db: Db) {
  const org = await ensureOrganization(db, "bench");
  const project = await ensureProject(db, org.id, "bench");
  const user = await ensureUser(db, "bench@example.test", "bench-password");
  return { org, project, actor: { userId: user.id, email: "bench@example.test", orgId: org.id, projectId: project.id } };
}
