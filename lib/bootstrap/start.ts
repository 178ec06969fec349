/**
 * Start-up that survives a database that is down: bootstrap is retried with capped exponential backoff until it
 * succeeds, /api/health reports 503 "starting" meanwhile, and the job runner starts once the database is ready
 * (issue 12 finding 13). The first attempt is awaited so a healthy start serves nothing before migrations ran.
 */
import type { DbHandle } from "@/db/client";
import { coarseError, readiness, setReadiness } from "@/lib/health/readiness";
import { log as logFor } from "@/lib/log";

export interface StartDeps {
  /** One start-up attempt (migrate, seed); throws while the database is unreachable. */
  attempt: () => Promise<DbHandle>;
  onReady: (handle: DbHandle) => void | Promise<void>;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
  baseMs?: number;
  maxMs?: number;
}

export function backoffMs(failures: number, baseMs = 1_000, maxMs = 30_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

/**
 * Runs the first attempt; on failure returns at once (the server keeps answering health with 503) and retries in
 * the background. The returned `ready` promise settles when start-up has succeeded.
 */
export async function startWhenDatabaseReady(deps: StartDeps): Promise<{ ready: Promise<DbHandle> }> {
  const { sleep = realSleep, log = (line: string) => logFor("bootstrap").error(line), baseMs, maxMs } = deps;
  setReadiness({ state: "starting", attempts: 0, lastError: null });
  const tryOnce = async (): Promise<DbHandle | null> => {
    const state = readiness();
    state.attempts++;
    try {
      const handle = await deps.attempt();
      await deps.onReady(handle);
      setReadiness({ state: "ready", attempts: state.attempts, lastError: null });
      return handle;
    } catch (err) {
      state.lastError = coarseError(err);
      const wait = backoffMs(state.attempts, baseMs, maxMs);
      log(`[prism] start-up attempt ${state.attempts} failed (${err instanceof Error ? err.message : String(err)}); retrying in ${Math.round(wait / 1000)} s`);
      return null;
    }
  };
  const first = await tryOnce();
  if (first) return { ready: Promise.resolve(first) };
  const ready = (async () => {
    for (;;) {
      await sleep(backoffMs(readiness().attempts, baseMs, maxMs));
      const handle = await tryOnce();
      if (handle) return handle;
    }
  })();
  return { ready };
}
