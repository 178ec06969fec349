import { registerOTel } from "@vercel/otel";

/** Runs once when the server starts: tracing of Prism itself, then migrations, seed data and the job runner. */
export async function register() {
  registerOTel({ serviceName: "prism" });
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { bootstrap } = await import("./lib/bootstrap");
  const { startJobRunner, jobMode } = await import("./inngest/runtime");
  const handle = await bootstrap();
  startJobRunner(handle.db);
  console.log(`[prism] jobs: ${jobMode()} mode`);
}
