import { Cron } from "croner";
import type { Db } from "@/db/client";
import { backoffDelay, defaultBackoff, type BackoffPolicy } from "./backoff";
import { cronTriggers, eventTriggers, type AnyJob, type JobEvent, type StepTools } from "./define";
import {
  claimNextRun,
  completeRun,
  enqueueRun,
  extendLease,
  failRun,
  hasPendingRuns,
  loadStepOutput,
  saveStepOutput,
  type JobRun,
} from "./ledger";

export interface RunnerOptions {
  pollMs?: number;
  leaseMs?: number;
  concurrency?: number;
  backoff?: BackoffPolicy;
  log?: (message: string) => void;
}

export function idempotencyKeyFor(job: AnyJob, event: JobEvent): string | undefined {
  return job.idempotencyKey?.(event) ?? event.id;
}

/**
 * The zero-setup job engine: executes the same job definitions as the Inngest functions, with idempotency by key,
 * memoized steps, retries with exponential backoff and jitter, dead letters and cron schedules, all on the ledger.
 */
export class EmbeddedRunner {
  private readonly opts: Required<RunnerOptions>;
  private readonly byId: Map<string, AnyJob>;
  private timer: NodeJS.Timeout | undefined;
  private crons: Cron[] = [];
  private active = 0;
  private stopped = true;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly jobs: AnyJob[],
    opts: RunnerOptions = {},
  ) {
    this.byId = new Map(jobs.map((j) => [j.id, j]));
    this.opts = {
      pollMs: opts.pollMs ?? 1000,
      leaseMs: opts.leaseMs ?? 5 * 60_000,
      concurrency: opts.concurrency ?? 2,
      backoff: opts.backoff ?? defaultBackoff,
      log: opts.log ?? ((m) => console.log(`[prism:jobs] ${m}`)),
    };
  }

  /** Writes one queued run per job triggered by the event (a repeated idempotency key changes nothing). */
  async send(event: JobEvent): Promise<{ functionId: string; runId: string; created: boolean }[]> {
    const targets = this.jobs.filter((j) => eventTriggers(j).includes(event.name));
    const results = [];
    for (const job of targets) results.push(await this.enqueueFor(job, event));
    this.poke();
    return results;
  }

  private async enqueueFor(job: AnyJob, event: JobEvent) {
    const { id, created } = await enqueueRun(this.db, {
      functionId: job.id,
      eventName: event.name,
      idempotencyKey: idempotencyKeyFor(job, event),
      payload: event.data,
      maxAttempts: job.retries + 1,
      mode: "embedded",
    });
    return { functionId: job.id, runId: id, created };
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    for (const job of this.jobs) {
      for (const pattern of cronTriggers(job)) {
        // The key is the scheduled time, so several instances firing the same schedule enqueue one run.
        const cron = new Cron(pattern, { timezone: "UTC" }, async (self: Cron) => {
          const at = self.currentRun() ?? new Date();
          at.setMilliseconds(0);
          const event = { name: "cron", data: { scheduledAt: at.toISOString() }, id: `cron:${at.toISOString()}` };
          await this.enqueueFor(job, event)
            .then(() => this.poke())
            .catch((err) => this.opts.log(`cron enqueue failed for ${job.id}: ${err}`));
        });
        this.crons.push(cron);
      }
    }
    this.schedule(0);
  }

  async stop() {
    this.stopped = true;
    for (const c of this.crons) c.stop();
    this.crons = [];
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
  }

  /** Runs until nothing is runnable or waiting for a retry (tests and scripts). */
  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const worked = await this.tick();
      if (!worked && !(await hasPendingRuns(this.db, [...this.byId.keys()]))) return;
      if (!worked) await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error("drain timed out");
  }

  private poke() {
    if (!this.stopped) this.schedule(0);
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.ticking = this.loop();
    }, ms);
    this.timer.unref?.();
  }

  private async loop() {
    try {
      while (!this.stopped && (await this.tick()));
    } catch (err) {
      this.opts.log(`tick failed: ${err}`);
    }
    if (!this.stopped) this.schedule(this.opts.pollMs);
  }

  /** Claims and executes up to `concurrency` runs; returns whether any ran. */
  async tick(): Promise<boolean> {
    const claimed: JobRun[] = [];
    while (this.active + claimed.length < this.opts.concurrency) {
      const run = await claimNextRun(this.db, [...this.byId.keys()], this.opts.leaseMs);
      if (!run) break;
      claimed.push(run);
    }
    await Promise.all(claimed.map((run) => this.execute(run)));
    return claimed.length > 0;
  }

  private async execute(run: JobRun) {
    const job = this.byId.get(run.functionId)!;
    this.active++;
    const started = Date.now();
    try {
      if (run.attempts > run.maxAttempts) throw new Error("worker lost during the last attempt (lease expired)");
      const step: StepTools = {
        run: async (stepId, fn) => {
          const memo = await loadStepOutput(this.db, run.id, stepId);
          if (memo.found) return memo.output as never;
          await extendLease(this.db, run.id, this.opts.leaseMs);
          const output = await fn();
          await saveStepOutput(this.db, run.id, stepId, output);
          return output;
        },
      };
      const result = await job.handler({
        event: { name: run.eventName, data: run.payload, id: run.idempotencyKey },
        step,
        db: this.db,
        runId: run.id,
        attempt: run.attempts - 1,
      });
      await completeRun(this.db, run.id, result, Date.now() - started);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const last = run.attempts >= run.maxAttempts;
      const retryIn = last ? null : backoffDelay(run.attempts, this.opts.backoff);
      await failRun(this.db, run.id, message, Date.now() - started, retryIn);
      this.opts.log(`${job.id} attempt ${run.attempts}/${run.maxAttempts} failed: ${message}${last ? " (dead-lettered)" : ""}`);
    } finally {
      this.active--;
    }
  }
}
