import { eq } from "drizzle-orm";
import { getDbHandle, migrateDb, type DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import { env, type Env } from "@/lib/env";
import { initFromEnv } from "./init-from-env";
import { ensureFirstOwner } from "./first-owner";
import { exposureWarning, listenHostOf, planStartup } from "./startup-plan";
import { DEMO_PASSWORD, demoLogins, seedDemo } from "@/lib/demo/seed";
import { log as logFor } from "@/lib/log";

/**
 * Start-up: migrate, apply PRISM_INIT_*, then either seed the demo organization (embedded default or
 * PRISM_DEMO_DATA=true) or make sure an owner exists (random password printed once); print how to sign in.
 */
export async function bootstrap(
  log: (line: string) => void = (line) => logFor("bootstrap").info(line),
  handle?: DbHandle,
  e: Env = env(),
  processEnv: Record<string, string | undefined> = process.env,
) {
  handle ??= await getDbHandle();
  const started = Date.now();
  await migrateDb(handle);
  const initialized = await initFromEnv(handle.db, e);
  if (initialized.length) log(`[prism] initialized from PRISM_INIT_*: ${initialized.join(", ")}`);
  const plan = planStartup(e);
  if (plan.demoData) {
    const demo = await seedDemo(handle.db);
    const lines = [
      "",
      "  Prism demo organization " + (demo.created ? `created (${demo.events} events)` : "ready") + ` (${plan.why})`,
      "  Sign in at /signin with password " + JSON.stringify(DEMO_PASSWORD) + " as:",
      ...demoLogins.map((l) => `    ${l.role.padEnd(8)} ${l.email}`),
      demo.apiKey
        ? `  Demo API key (shown once): public ${demo.apiKey.publicKey}  secret ${demo.apiKey.secretKey}`
        : "  The demo API key was printed at first start; create more under Settings → API keys.",
      "",
    ];
    lines.forEach((l) => log(l));
  } else {
    const owner = await ensureFirstOwner(handle.db, e);
    if (owner) {
      log("");
      log(`  Prism: created owner ${owner.email} of "${owner.organization}" (no demo data: ${plan.why})`);
      log(`  Password (shown once, change it after signing in): ${owner.password}`);
      log("");
    }
  }
  const [demoLogin] = await handle.db.select({ id: users.id }).from(users).where(eq(users.isDemo, true)).limit(1);
  const warning = exposureWarning(Boolean(demoLogin), listenHostOf(processEnv));
  if (warning) log(warning);
  log(`[prism] database ready on ${handle.driver} in ${Date.now() - started} ms`);
  return handle;
}
