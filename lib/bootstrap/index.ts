import { getDbHandle, migrateDb } from "@/db/client";
import { env } from "@/lib/env";
import { initFromEnv } from "./init-from-env";
import { DEMO_PASSWORD, demoLogins, seedDemo } from "@/lib/demo/seed";

/** Start-up: migrate, apply PRISM_INIT_*, seed the demo organization, print how to sign in. */
export async function bootstrap(log: (line: string) => void = console.log) {
  const e = env();
  const handle = await getDbHandle();
  const started = Date.now();
  await migrateDb(handle);
  const initialized = await initFromEnv(handle.db, e);
  if (initialized.length) log(`[prism] initialized from PRISM_INIT_*: ${initialized.join(", ")}`);
  if (e.PRISM_DEMO_DATA === "true") {
    const demo = await seedDemo(handle.db);
    const lines = [
      "",
      "  Prism demo organization " + (demo.created ? `created (${demo.events} events)` : "ready"),
      "  Sign in at /signin with password " + JSON.stringify(DEMO_PASSWORD) + " as:",
      ...demoLogins.map((l) => `    ${l.role.padEnd(8)} ${l.email}`),
      demo.apiKey
        ? `  Demo API key (shown once): public ${demo.apiKey.publicKey}  secret ${demo.apiKey.secretKey}`
        : "  The demo API key was printed at first start; create more under Settings → API keys.",
      "",
    ];
    lines.forEach((l) => log(l));
  }
  log(`[prism] database ready on ${handle.driver} in ${Date.now() - started} ms`);
  return handle;
}
