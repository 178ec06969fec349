// The Inngest client, the Inngest functions built from the job definitions, and the registration lib/jobs needs.
import { Inngest } from "inngest";
import { getDb } from "@/db/client";
import type { AnyJob } from "@/lib/jobs/define";
import type { JobRegistration } from "@/lib/jobs/dispatch";
import { runUnderInngest } from "@/lib/jobs/inngest-run";
import { allJobs } from "./functions";

export const inngest = new Inngest({ id: "prism" });

type Retries = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/** Builds the Inngest function for a job definition; the handler is the same one the embedded runner calls. */
export function toInngestFunction(job: AnyJob) {
  return inngest.createFunction(
    {
      id: job.id,
      name: job.name,
      retries: job.retries as Retries,
      triggers: job.triggers.map((t) => ("event" in t ? { event: t.event } : { cron: t.cron })),
      ...(job.idempotencyKey ? { idempotency: "event.data.idempotencyKey" } : {}),
    },
    async ({ event, step, runId, attempt }) =>
      runUnderInngest(await getDb(), job, {
        event: { name: event.name, data: (event.data ?? {}) as Record<string, unknown>, id: event.id },
        step: { run: (id, fn) => step.run(id, fn) as never },
        runId,
        attempt,
      }),
  );
}

export const inngestFunctions = allJobs.map(toInngestFunction);

/** What lib/jobs/dispatch needs from this side: the job list, and the Inngest send used in Inngest mode. */
export const jobRegistration: JobRegistration = { jobs: allJobs, sendToInngest: (event) => inngest.send(event) };
