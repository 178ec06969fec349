import type { Db } from "@/db/client";

export interface JobEvent<T = Record<string, unknown>> {
  name: string;
  data: T;
  /** The idempotency key; sending the same key twice to the same job runs it once. */
  id?: string;
}

export interface StepTools {
  /** Runs `fn` once per run: a retried run gets the memoized output of steps that already succeeded. */
  run<T>(stepId: string, fn: () => Promise<T> | T): Promise<T>;
}

export interface JobContext<T> {
  event: JobEvent<T>;
  step: StepTools;
  db: Db;
  runId: string;
  /** 0 on the first attempt. */
  attempt: number;
}

export type JobTrigger = { event: string } | { cron: string };

/**
 * One job, written once: the Inngest function (inngest/client.ts) and the embedded runner (lib/jobs/runner.ts)
 * are both built from this definition, so the two modes run the same handler.
 */
export interface JobDefinition<T = Record<string, unknown>> {
  id: string;
  name: string;
  triggers: JobTrigger[];
  /** Retries after the first attempt (Inngest's meaning): maxAttempts = retries + 1. */
  retries: number;
  idempotencyKey?: (event: JobEvent<T>) => string;
  handler: (ctx: JobContext<T>) => Promise<unknown>;
}

export function defineJob<T = Record<string, unknown>>(def: JobDefinition<T>): JobDefinition<T> {
  return def;
}

export type AnyJob = JobDefinition<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function eventTriggers(job: AnyJob): string[] {
  return job.triggers.flatMap((t) => ("event" in t ? [t.event] : []));
}

export function cronTriggers(job: AnyJob): string[] {
  return job.triggers.flatMap((t) => ("cron" in t ? [t.cron] : []));
}
