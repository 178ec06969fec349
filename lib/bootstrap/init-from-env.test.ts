import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDb } from "@/tests/support/db";
import type { DbHandle } from "@/db/client";
import { apiKeys, memberships, organizations, projects } from "@/db/schema";
import { authenticateApiKey } from "@/lib/auth/api-keys";
import type { Env } from "@/lib/env";
import { initFromEnv } from "./init-from-env";

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => h.close());

const vars = {
  PRISM_INIT_ORG_NAME: "Headless Inc",
  PRISM_INIT_PROJECT_NAME: "Prod",
  PRISM_INIT_PROJECT_PUBLIC_KEY: "pk-prism-headless",
  PRISM_INIT_PROJECT_SECRET_KEY: "sk-prism-headless-secret",
  PRISM_INIT_USER_EMAIL: "ops@headless.test",
  PRISM_INIT_USER_PASSWORD: "a-long-password",
} as Env;

test("PRISM_INIT_* creates org, project, key pair and owner once; a second start changes nothing", async () => {
  await initFromEnv(h.db, vars);
  await initFromEnv(h.db, vars);
  expect(await h.db.select().from(organizations)).toHaveLength(1);
  expect(await h.db.select().from(projects)).toHaveLength(1);
  expect(await h.db.select().from(apiKeys)).toHaveLength(1);
  const [m] = await h.db.select().from(memberships);
  expect(m.role).toBe("owner");
  const principal = await authenticateApiKey(h.db, "Bearer sk-prism-headless-secret");
  expect(principal.publicKey).toBe("pk-prism-headless");
});

test("a known public key with a different secret is refused rather than silently replaced", async () => {
  await expect(initFromEnv(h.db, { ...vars, PRISM_INIT_PROJECT_SECRET_KEY: "other" })).rejects.toThrow(/different secret/);
});
