// Traces left out by sampling still count: their totals, times, levels, models and users are kept as summary rows
// (sampled_traces, sampled_observations) so cost boards and monitoring stay exact; their payloads are dropped here.
import type { Db } from "@/db/client";
import { describeFailure } from "@/lib/errors/log-safe";
import { isPermanentFailure } from "@/lib/ingest/store-failure";
import { log } from "@/lib/log";
import { applyComputedCosts } from "../pricing/cost";
import type { ModelPrice } from "../pricing/types";
import type { ObservationRecord, TraceUpsert } from "../types";
import { observationRow, traceRow } from "./rows";
import { SAMPLED_OUT_TRACES } from "./trace-tables";
import { writeTraceData } from "./write";

/** Prices the sampled-out observations like kept ones and upserts their summaries (idempotent, as for kept traces). */
export async function writeSampledOut(db: Db, projectId: string, batch: { traces: TraceUpsert[]; observations: ObservationRecord[] }, prices?: readonly ModelPrice[]) {
  if (batch.traces.length === 0 && batch.observations.length === 0) return;
  applyComputedCosts(batch.observations, { overrides: prices });
  try {
    await writeTraceData(
      db,
      batch.traces.map((t) => traceRow(projectId, t)),
      batch.observations.map((o) => observationRow(projectId, o)),
      SAMPLED_OUT_TRACES,
    );
  } catch (err) {
    // A value the database refuses must not fail the kept traces beside it; anything else is retried by the caller.
    if (!isPermanentFailure(err)) throw err;
    log("ingest").error({ traces: batch.traces.length, observations: batch.observations.length, error: describeFailure(err) }, "sampled-out summary refused");
  }
}
