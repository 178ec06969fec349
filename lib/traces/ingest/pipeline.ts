// The trace ingest pipeline (issue 19). Acceptance and indexing are two steps:
//   1. accept: the request is validated, sampled, masked and priced at the edge, and its rows are appended to
//      ingest_staging as one row (one small insert, no secondary index); the reply is sent once that insert commits.
//   2. merge: a background job (lib/jobs: requested after acceptance, every minute by cron as a safety net) moves the
//      oldest staged batches into traces/observations in large set-based upserts, derives each touched trace's totals
//      once per merge, and deletes what it moved, all in one transaction (a crash repeats the merge, never half of it).
// Back-pressure: when the accepted, unmerged spans pass PRISM_INGEST_MAX_BACKLOG_SPANS, trace ingest answers 429.

import type { Db } from "@/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sendJobEvent } from "@/lib/jobs/dispatch";
import { INGEST_MERGE_REQUESTED } from "@/lib/jobs/catalog";
import { describeFailure } from "@/lib/errors/log-safe";
import { mergeStagedOnce } from "../store/merge";
import { mergeSummary, pruneMergeLog, stageBatch, stagedBacklog } from "../store/staging";
import type { ObservationRow, TraceRow } from "../store/rows";
import { log } from "@/lib/log";

/** Seconds a client is asked to wait when the backlog is full. */
export const BACKLOG_RETRY_AFTER_SECONDS = 5;
/** Acceptances within this window share one merge request (a job run starts after all of them committed). */
const MERGE_REQUEST_DELAY_MS = 100;

const state = globalThis as unknown as { __prismIngestMergeTimer?: ReturnType<typeof setTimeout>; __prismIngestLastRequest?: number };

/** Asks for a merge soon; several acceptances in a row share one request. Never throws (the cron catches up). */
export function requestIngestMerge(db: Db, delayMs = MERGE_REQUEST_DELAY_MS): void {
  state.__prismIngestLastRequest = performance.now();
  if (state.__prismIngestMergeTimer) return;
  const timer = setTimeout(() => {
    state.__prismIngestMergeTimer = undefined;
    const at = Date.now();
    sendJobEvent(db, INGEST_MERGE_REQUESTED, {}, { id: `ingest-merge:${at}` }).catch((err) =>
      log("ingest").error({ error: describeFailure(err) }, "ingest merge request failed (the next request or the cron will merge)"),
    );
  }, delayMs);
  timer.unref?.();
  state.__prismIngestMergeTimer = timer;
}

/** Refuses new trace batches with 429 + Retry-After while the instance's backlog is over its bound. */
export async function assertIngestCapacity(db: Db): Promise<void> {
  const limit = env().PRISM_INGEST_MAX_BACKLOG_SPANS;
  const { spans } = await stagedBacklog(db);
  if (spans >= limit) {
    throw new AppError(
      "rate_limited",
      `Ingest is behind: ${spans} accepted spans are waiting to be stored (limit ${limit}); retry after ${BACKLOG_RETRY_AFTER_SECONDS} s`,
      undefined,
      { "retry-after": String(BACKLOG_RETRY_AFTER_SECONDS) },
    );
  }
}

/** Durably accepts one batch of rows (acknowledge after this returns) and asks for a merge. */
export async function acceptTraceRows(db: Db, projectId: string, traceRows: TraceRow[], observationRows: ObservationRow[]): Promise<void> {
  if (traceRows.length === 0 && observationRows.length === 0) return;
  await stageBatch(db, projectId, traceRows, observationRows);
  requestIngestMerge(db);
}

/**
 * A pending merge request of this process covers batches it staged before the request was last renewed; a drain that
 * started after that and emptied staging has merged them all, so the request would only start an empty run.
 */
function forgetCoveredRequest(drainStartedAt: number) {
  if (state.__prismIngestMergeTimer && (state.__prismIngestLastRequest ?? 0) < drainStartedAt) {
    clearTimeout(state.__prismIngestMergeTimer);
    state.__prismIngestMergeTimer = undefined;
  }
}

export interface DrainResult {
  merges: number;
  spans: number;
  refusedSpans: number;
  /** True when staging was seen empty; false when the time budget ran out or another merge kept the lock. */
  drained: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Merges until staging is empty. Merges run one at a time (an advisory lock): while another holds it, this waits up to
 * `lockWaitMs` (that merge either takes our batches or ends soon), so every batch staged before the call is merged
 * when it returns `drained: true`.
 */
export async function drainIngest(db: Db, opts: { maxMs?: number; lockWaitMs?: number } = {}): Promise<DrainResult> {
  const maxSpans = env().PRISM_INGEST_MERGE_SPANS;
  const deadline = Date.now() + (opts.maxMs ?? Number.POSITIVE_INFINITY);
  const lockWaitMs = opts.lockWaitMs ?? 60_000;
  const result: DrainResult = { merges: 0, spans: 0, refusedSpans: 0, drained: false };
  const startedAt = performance.now();
  let busySince: number | null = null;
  while (Date.now() < deadline) {
    const outcome = await mergeStagedOnce(db, maxSpans);
    if (outcome.status === "empty") {
      forgetCoveredRequest(startedAt);
      return { ...result, drained: true };
    }
    if (outcome.status === "busy") {
      busySince ??= Date.now();
      if (Date.now() - busySince > lockWaitMs) break;
      await sleep(25);
      continue;
    }
    busySince = null;
    result.merges += 1;
    result.spans += outcome.spans;
    result.refusedSpans += outcome.refusedSpans;
  }
  return result;
}

/** The merge job's work: drain for at most `maxMs`, ask for another run if work is left, trim the merge log. */
export async function runIngestMerge(db: Db, now: Date, maxMs = 30_000): Promise<DrainResult> {
  const result = await drainIngest(db, { maxMs, lockWaitMs: 2_000 });
  if (!result.drained && result.merges > 0) requestIngestMerge(db, 0);
  await pruneMergeLog(db, new Date(now.getTime() - 24 * 3_600_000));
  return result;
}

/** What the Jobs page shows: this project's waiting batches, the bound, and the last hour of merges. */
export async function ingestPipelineStatus(db: Db, projectId: string, now: Date = new Date()) {
  const [backlog, lastHour] = await Promise.all([stagedBacklog(db, projectId), mergeSummary(db, new Date(now.getTime() - 3_600_000))]);
  return {
    backlog: {
      batches: backlog.batches,
      spans: backlog.spans,
      oldestWaitingMs: backlog.oldestReceivedAt ? Math.max(0, now.getTime() - backlog.oldestReceivedAt.getTime()) : null,
    },
    backlogLimitSpans: env().PRISM_INGEST_MAX_BACKLOG_SPANS,
    lastHour,
  };
}
