// One merge: in a single transaction, under the merge lock, move the oldest staged batches into traces and
// observations (set-based upserts, trace totals derived once per project for the whole merge), delete them from
// staging and log the merge. A crash anywhere rolls all of it back, so the batches stay staged and the next merge
// repeats it; the upserts are idempotent, so a replay stores every span exactly once.

import type { Db } from "@/db/client";
import { claimStaged, finishMerge, tryMergeLock, type StagedBatch } from "./staging";
import { writeTraceDataIsolated } from "./write";
import type { ObservationRow, TraceRow } from "./rows";

export type MergeOutcome =
  | { status: "empty" }
  | { status: "busy" }
  | { status: "merged"; batches: number; spans: number; refusedSpans: number; durationMs: number; lagP95Ms: number };

/** Rows per project, in acceptance order (a later version of an observation merges over an earlier one). */
function byProject(batches: StagedBatch[]) {
  const projects = new Map<string, { traces: TraceRow[]; observations: ObservationRow[] }>();
  for (const b of batches) {
    const p = projects.get(b.projectId) ?? { traces: [], observations: [] };
    p.traces.push(...b.traces);
    p.observations.push(...b.observations);
    projects.set(b.projectId, p);
  }
  return projects;
}

export async function mergeStagedOnce(db: Db, maxSpans: number): Promise<MergeOutcome> {
  const started = performance.now();
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    if (!(await tryMergeLock(tx))) return { status: "busy" };
    const batches = await claimStaged(tx, maxSpans);
    if (batches.length === 0) return { status: "empty" };
    let spans = 0;
    let refusedSpans = 0;
    for (const rows of byProject(batches).values()) {
      const written = await writeTraceDataIsolated(tx, rows.traces, rows.observations);
      spans += written.observations;
      refusedSpans += written.refusedSpans;
    }
    const durationMs = performance.now() - started;
    const log = { batches: batches.length, spans, refusedSpans, durationMs };
    const { lagP95Ms } = await finishMerge(tx, batches.map((b) => b.id), log);
    return { status: "merged", ...log, lagP95Ms };
  });
}
