import { registerOTel } from "@vercel/otel";
import { env } from "./lib/env";

/** Runs once when the server starts: tracing of Prism itself, then migrations, seed data and the job runner. */
export async function register() {
  // Only with an OTLP endpoint to export to: spans nobody receives cost a third of a small API request's CPU
  // (bench/experiments/assign-server.bench.ts: 834 vs 501 assign calls/s through `next start`).
  const e = env();
  if (e.OTEL_EXPORTER_OTLP_ENDPOINT || e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) registerOTel({ serviceName: "prism" });
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { bootstrap } = await import("./lib/bootstrap");
  const { startWhenDatabaseReady } = await import("./lib/bootstrap/start");
  const { registerJobs, startJobs } = await import("./lib/jobs/dispatch");
  const { jobRegistration } = await import("./inngest/client");
  const { log } = await import("./lib/log");
  // A database that is down at start is retried with backoff (health answers 503 meanwhile), not fatal forever.
  // The composition root: lib/jobs learns the job definitions here (lib/ never imports inngest/).
  // Registered before bootstrap: seeding the demo requests jobs (profiles, sentiment, root causes of the incidents
  // it detects), and a request before registration throws, leaving the seed half done. The runner starts once ready.
  registerJobs(jobRegistration);
  await startWhenDatabaseReady({
    attempt: () => bootstrap(),
    onReady: (handle) => {
      log("jobs").info({ mode: startJobs(handle.db, jobRegistration) }, "job runner started");
    },
  });
}
