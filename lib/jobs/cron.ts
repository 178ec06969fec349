// Cron schedules of the embedded runner behind a small interface, so tests fire chosen ticks instead of sleeping.
import { Cron } from "croner";

export interface CronScheduler {
  /** Calls `onTick` with each scheduled time (whole seconds, UTC) of `pattern` until stopped. */
  every(pattern: string, onTick: (scheduledAt: Date) => Promise<void>): { stop(): void };
}

/** The real clock: croner in UTC; the tick's time is the scheduled one, not when the timer happened to fire. */
export const cronClock: CronScheduler = {
  every(pattern, onTick) {
    const cron = new Cron(pattern, { timezone: "UTC" }, async (self: Cron) => {
      const at = self.currentRun() ?? new Date();
      at.setMilliseconds(0);
      await onTick(at);
    });
    return { stop: () => cron.stop() };
  },
};

/** A scheduler that fires only when told: `fire(at)` runs every registered tick of every schedule for that time. */
export class ManualCron implements CronScheduler {
  private readonly ticks = new Set<(at: Date) => Promise<void>>();

  every(_pattern: string, onTick: (at: Date) => Promise<void>) {
    this.ticks.add(onTick);
    return { stop: () => void this.ticks.delete(onTick) };
  }

  async fire(at: Date) {
    await Promise.all([...this.ticks].map((tick) => tick(at)));
  }
}
