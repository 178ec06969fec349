// Start-up on a real database (issue 12 finding 4): no published demo logins outside the embedded default, a random
// owner password printed once instead, and a warning when demo logins face the network.
import { afterEach, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/tests/support/db";
import type { DbHandle } from "@/db/client";
import { memberships, organizations, users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/passwords";
import type { Env } from "@/lib/env";
import { DEMO_ORG } from "@/lib/demo/seed";
import { bootstrap } from "./index";
import { ensureUser } from "./ensure";
import { FIRST_OWNER_EMAIL } from "./first-owner";

let h: DbHandle | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const postgresEnv = { DATABASE_URL: "postgres://db.internal/prism" } as Env;
const loopback = { PRISM_HOST: "127.0.0.1" };

async function start(e: Env, processEnv: Record<string, string> = loopback) {
  const lines: string[] = [];
  await bootstrap((l) => lines.push(l), h, e, processEnv);
  return lines.join("\n");
}

test("with DATABASE_URL: no demo organization; an owner with a random password, printed on the first start only", async () => {
  h = await createTestDb();
  const first = await start(postgresEnv);
  expect(first).not.toMatch(/prism-demo/);
  expect(await h.db.select().from(organizations).where(eq(organizations.name, DEMO_ORG))).toEqual([]);
  const password = /Password \(shown once.*\): (\S+)/.exec(first)?.[1];
  expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
  const all = await h.db.select().from(users);
  expect(all.map((u) => [u.email, u.isDemo])).toEqual([[FIRST_OWNER_EMAIL, false]]);
  expect(await verifyPassword(password!, all[0].passwordHash)).toBe(true);
  expect((await h.db.select().from(memberships)).map((m) => m.role)).toEqual(["owner"]);

  const second = await start(postgresEnv);
  expect(second).not.toMatch(/Password/);
  expect(await h.db.select().from(users)).toHaveLength(1);
});

test("with PRISM_INIT_* giving the owner: that owner, no random password, no demo logins", async () => {
  h = await createTestDb();
  const log = await start({ PRISM_INIT_ORG_NAME: "Acme", PRISM_INIT_USER_EMAIL: "ops@acme.test", PRISM_INIT_USER_PASSWORD: "a-long-password" } as Env);
  expect(log).not.toMatch(/Password \(shown once|prism-demo/);
  const all = await h.db.select().from(users);
  expect(all.map((u) => u.email)).toEqual(["ops@acme.test"]);
  expect(await verifyPassword("a-long-password", all[0].passwordHash)).toBe(true);
});

test("a demo login on a non-loopback address is warned about at start-up; on loopback it is not", async () => {
  h = await createTestDb();
  await ensureUser(h.db, "demo-owner@acme.test", "prism-demo", { isDemo: true });
  expect(await start({ PRISM_DEMO_DATA: "false" } as Env, { PRISM_HOST: "0.0.0.0" })).toMatch(/WARNING: demo logins .* 0\.0\.0\.0/);
  expect(await start({ PRISM_DEMO_DATA: "false" } as Env, loopback)).not.toMatch(/WARNING/);
  expect(await start({ PRISM_DEMO_DATA: "false" } as Env, {})).toMatch(/WARNING/); // bare `next start` binds every interface
});
