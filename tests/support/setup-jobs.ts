// Registers the job definitions with lib/jobs the way the server does at start (instrumentation.ts); loaded lazily,
// so test files that never send an event do not load every job.
import { registerJobs } from "@/lib/jobs/dispatch";

registerJobs(async () => (await import("@/inngest/client")).jobRegistration);
