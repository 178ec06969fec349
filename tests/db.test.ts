import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb } from "./support/db";
import type { DbHandle } from "@/db/client";

let h: DbHandle;
beforeAll(async () => { h = await createTestDb(); });
afterAll(async () => { await h.close(); });

test("test database is migrated", async () => {
  const rows = await h.db.execute(sql`select count(*)::int as n from job_runs`);
  expect(rows).toBeDefined();
});
