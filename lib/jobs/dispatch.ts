// The one door to background work: the mode switch, the job registry, the runner singleton and sending events.
// lib/ never imports inngest/: the server (instrumentation.ts, app/api/inngest) registers the job list here.
import type { Db } from "@/db/client";
import { env, inngestConfigured } from "@/lib/env";
import type { AnyJob, JobEvent } from "./define";
import { parsePayload, type JobEventName, type JobPayload } from "./catalog";
import { enqueueEvent } from "./enqueue";
import { EmbeddedRunner } from "./runner";
import { currentRequestId } from "@/lib/log";

export type JobMode = "embedded" | "inngest";

export function jobMode(): JobMode {
  return inngestConfigured() ? "inngest" : "embedded";
}

/** What the composition root (instrumentation.ts, the Inngest route, tests) hands to lib/jobs. */
export interface JobRegistration {
  jobs: AnyJob[];
  /** Sends an event to Inngest (the Inngest client's send); used in Inngest mode only. */
  sendToInngest: (event: { name: string; data: Record<string, unknown>; id?: string }) => Promise<unknown>;
}

type Registered = JobRegistration | (() => Promise<JobRegistration>);

// On globalThis: Next.js bundles instrumentation and each route separately, but they share one process.
const state = globalThis as unknown as { __prismJobs?: Registered; __prismRunner?: EmbeddedRunner };

/** What rides along with an Inngest event besides its payload: its idempotency key and the requesting API call. */
function requestFields(idempotencyKey: string | undefined) {
  return { idempotencyKey, requestId: currentRequestId() };
}

/** Registers the job list, or a loader of it (resolved on first use, e.g. by tests that never send). */
export function registerJobs(registration: Registered) {
  state.__prismJobs = registration;
}

export async function registeredJobs(): Promise<JobRegistration> {
  const registered = state.__prismJobs;
  if (!registered) {
    throw new Error("No jobs are registered: the server registers inngest/functions at start (instrumentation.ts); scripts and tests call registerJobs");
  }
  if (typeof registered !== "function") return registered;
  const loaded = await registered();
  state.__prismJobs = loaded;
  return loaded;
}

/** Registers the jobs and, unless Inngest is configured (then Inngest calls /api/inngest), starts the in-process runner. */
export function startJobs(db: Db, registration: JobRegistration): JobMode {
  registerJobs(registration);
  if (jobMode() === "inngest") return "inngest";
  if (!state.__prismRunner) {
    state.__prismRunner = new EmbeddedRunner(db, registration.jobs, { pollMs: env().PRISM_JOBS_POLL_MS });
    state.__prismRunner.start();
  }
  return "embedded";
}

export async function stopJobRunner() {
  await state.__prismRunner?.stop();
  state.__prismRunner = undefined;
}

/** The sends of one transaction: ledger rows inside it (embedded), Inngest events after it commits. */
export interface JobRequests {
  send<N extends JobEventName>(name: N, data: JobPayload<N>, opts?: { id?: string }): Promise<void>;
}

/**
 * Runs `fn` in one transaction whose `send` writes the embedded ledger rows inside it, so a change, its audit row and
 * the runs it requests commit together or not at all. In Inngest mode the events can only leave after the commit (an
 * event sent from inside could start work on rows a rollback then removes); if that send fails, the change stays
 * committed and the error reaches the caller, who may retry (the idempotency key keeps the work single).
 */
export async function withJobRequests<T>(db: Db, fn: (tx: Db, jobs: JobRequests) => Promise<T>): Promise<T> {
  const mode = jobMode();
  const { jobs, sendToInngest } = await registeredJobs();
  const outbox: JobEvent[] = [];
  const result = await db.transaction(async (tx) => {
    const requests: JobRequests = {
      async send(name, data, opts = {}) {
        const event: JobEvent = { name, data: parsePayload(name, data), id: opts.id };
        if (mode === "inngest") outbox.push(event);
        else await enqueueEvent(tx, jobs, event, "embedded");
      },
    };
    return fn(tx, requests);
  });
  if (mode === "inngest") {
    for (const e of outbox) await sendToInngest({ name: e.name, data: { ...e.data, ...requestFields(e.id) }, ...(e.id ? { id: e.id } : {}) });
  } else {
    state.__prismRunner?.wake();
  }
  return result;
}

/** Sends one event to the jobs it triggers, validated against the catalog: to Inngest, or onto the ledger. */
export async function sendJobEvent<N extends JobEventName>(db: Db, name: N, data: JobPayload<N>, opts: { id?: string } = {}) {
  const event: JobEvent = { name, data: parsePayload(name, data), id: opts.id };
  const { jobs, sendToInngest } = await registeredJobs();
  if (jobMode() === "inngest") {
    await sendToInngest({ name, data: { ...event.data, ...requestFields(event.id) }, ...(event.id ? { id: event.id } : {}) });
    return;
  }
  // Without a started runner (scripts, tests) this still writes the ledger; the server's runner picks it up.
  await enqueueEvent(db, jobs, event, "embedded");
  state.__prismRunner?.wake();
}
