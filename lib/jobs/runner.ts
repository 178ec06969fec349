// The embedded job engine: runs the job definitions in-process on the Postgres ledger when Inngest is not configured.
import type { Db } from "@/db/client";
import { backoffDelay, defaultBackoff, type BackoffPolicy } from "./backoff";
import { cronTriggers, type AnyJob, type JobEvent, type StepTools } from "./define";
import { cronClock, type CronScheduler } from "./cron";
import { enqueueEvent, enqueueFor } from "./enqueue";
import { claimNextRun, completeRun, extendLease, failRun, loadStepOutput, pendingRuns, saveStepOutput, type JobRun } from "./ledger";
import { log } from "@/lib/log";
import { outsideRequestContext, withRequestContext } from "@/lib/log";
import { recordJobAttempt } from "@/lib/metrics";

export interface RunnerOptions {
  pollMs?: number;
  leaseMs?: number;
  concurrency?: number;
  backoff?: BackoffPolicy;
  log?: (message: string) => void;
  /** Fires the cron triggers; tests pass a manual one to fire chosen ticks without waiting for wall-clock time. */
  cron?: CronScheduler;
}

/** Drain's last-resort cap: how long the pending runs may stay unchanged, with nothing executing, before it gives up. */
export const DRAIN_IDLE_LIMIT_MS = 120_000;

/**
 * The zero-setup job engine: executes the same job definitions as the Inngest functions, with idempotency by key,
 * memoized steps, retries with exponential backoff and jitter, dead letters and cron schedules, all on the ledger.
 */
export class EmbeddedRunner {
  private readonly opts: Required<RunnerOptions>;
  private readonly byId: Map<string, AnyJob>;
  private timer: NodeJS.Timeout | undefined;
  private crons: { stop(): void }[] = [];
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
      log: opts.log ?? ((m) => log("jobs").warn(m)),
      cron: opts.cron ?? cronClock,
    };
  }

  /** Writes one queued run per job triggered by the event (a repeated idempotency key changes nothing). */
  async send(event: JobEvent): Promise<{ functionId: string; runId: string; created: boolean }[]> {
    const results = await enqueueEvent(this.db, this.jobs, event, "embedded");
    this.poke();
    return results;
  }

  /** Starts the queued runs now rather than at the next poll (after a send made elsewhere commits). */
  wake() {
    this.poke();
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    for (const job of this.jobs) {
      for (const pattern of cronTriggers(job)) {
        // The key is the scheduled time, so several instances firing the same schedule enqueue one run.
        const timer = this.opts.cron.every(pattern, async (at) => {
          const event = { name: "cron", data: { scheduledAt: at.toISOString() }, id: `cron:${at.toISOString()}` };
          await enqueueFor(this.db, job, event, "embedded")
            .then(() => this.poke())
            .catch((err) => this.opts.log(`cron enqueue failed for ${job.id}: ${err}`));
        });
        this.crons.push(timer);
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

  /**
   * Runs until none of this runner's runs is queued or running (tests and scripts). It waits on that condition, not
   * on a time budget: a slow machine only makes it slower. Runs waiting for a retry are waited for (until they are
   * due). The only cap is a last resort against a stuck ledger: pending runs that stay unchanged for `idleLimitMs`
   * while nothing executes (e.g. a run leased by a worker that is alive but never finishes).
   */
  async drain(idleLimitMs = DRAIN_IDLE_LIMIT_MS): Promise<void> {
    let lastState = "";
    let idleSince = Date.now();
    for (;;) {
      if (await this.tick()) {
        idleSince = Date.now();
        continue;
      }
      const pending = await pendingRuns(this.db, [...this.byId.keys()]);
      if (pending.length === 0) return;
      const now = Date.now();
      // A lease renewed at a step, an attempt started or finished elsewhere: all progress.
      const state = JSON.stringify(pending.map((r) => [r.id, r.status, r.attempts, r.lockedUntil?.getTime()]));
      const waitingForRetry = pending.every((r) => r.status === "queued" && r.runAfter.getTime() > now);
      if (state !== lastState || this.active > 0 || waitingForRetry) {
        lastState = state;
        idleSince = now;
      } else if (now - idleSince > idleLimitMs) {
        const r = pending[0];
        throw new Error(
          `drain: ${pending.length} run(s) made no progress for ${Math.round(idleLimitMs / 1000)} s ` +
            `(first: ${r.functionId} ${r.id}, ${r.status}, attempt ${r.attempts}; leased by another worker?)`,
        );
      }
      const due = Math.min(...pending.map((r) => r.runAfter.getTime()));
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(2, due - now))));
    }
  }

  private poke() {
    if (!this.stopped) this.schedule(0);
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = outsideRequestContext(() =>
      setTimeout(() => {
        this.ticking = this.loop();
      }, ms),
    );
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

  /** One attempt, in the context of the request that asked for the run (else the run itself): its logs carry it. */
  private execute(run: JobRun) {
    return withRequestContext({ requestId: run.requestId ?? run.id, runId: run.id }, () => this.attempt(run));
  }

  private async attempt(run: JobRun) {
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
      recordJobAttempt(job.id, "succeeded", (Date.now() - started) / 1000);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const last = run.attempts >= run.maxAttempts;
      const retryIn = last ? null : backoffDelay(run.attempts, this.opts.backoff);
      await failRun(this.db, run.id, message, Date.now() - started, retryIn);
      recordJobAttempt(job.id, last ? "dead" : "retried", (Date.now() - started) / 1000);
      this.opts.log(`${job.id} attempt ${run.attempts}/${run.maxAttempts} failed: ${message}${last ? " (dead-lettered)" : ""}`);
    } finally {
      this.active--;
    }
  }
}
