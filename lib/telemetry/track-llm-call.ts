// Prism's own LLM calls as Prism traces: each call becomes a one-generation trace in the project whose job made
// it (environment "prism-internal", tag "prism"), priced like any ingested span, plus an api_calls_log row.
// Recording never changes the call's outcome: a failed write is logged and the result (or error) passes through.

import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { applyComputedCosts } from "@/lib/traces/pricing/cost";
import { getIngestConfig } from "@/lib/traces/store/ingest-config";
import { observationRow, traceRow } from "@/lib/traces/store/rows";
import { writeTraceData } from "@/lib/traces/store/write";
import { describeFailure } from "@/lib/errors/log-safe";
import { logApiCall } from "./store/api-calls-log";
import { recordLlmCall } from "@/lib/metrics";
import type { AttributeValue, ObservationRecord } from "@/lib/traces/types";
import { log } from "@/lib/log";

export const INTERNAL_ENVIRONMENT = "prism-internal";
export const INTERNAL_TAG = "prism";

export interface LlmCallSpec {
  provider: string;
  model: string;
  prompt?: { name: string; version: string };
  /** Recorded as the generation's input (masked by the project's rules). Pass aggregates, never raw user text. */
  input?: AttributeValue;
}

/** What the wrapped call reports; every field is optional, so any provider result fits. */
export interface LlmCallOutcome {
  text?: string;
  provider?: string;
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  /** When the provider reports a cost it is kept; otherwise it is priced from the project's price table. */
  costUsd?: number;
}

export interface TrackOptions<R> {
  /** What to store as output; defaults to the result's text. Return undefined to store none. */
  output?: (result: R) => AttributeValue | undefined;
  now?: () => number;
}

async function record(db: Db, projectId: string, spec: LlmCallSpec, start: number, end: number, outcome: LlmCallOutcome | null, output: AttributeValue | undefined, error: unknown) {
  const traceId = randomBytes(16).toString("hex");
  const { masker, prices } = await getIngestConfig(db, projectId);
  const model = outcome?.model ?? spec.model;
  const provider = outcome?.provider ?? spec.provider;
  const promptLabel = spec.prompt ? `${spec.prompt.name}@${spec.prompt.version}` : null;
  const message = error === null ? null : error instanceof Error ? error.message : String(error);
  const hasUsage = outcome?.inputTokens !== undefined || outcome?.outputTokens !== undefined;
  const base: ObservationRecord = {
    id: randomBytes(8).toString("hex"),
    traceId,
    parentObservationId: null,
    type: "generation",
    name: spec.prompt ? `prism.${spec.prompt.name}` : "prism.llm-call",
    startTime: new Date(start),
    endTime: new Date(end),
    level: error === null ? "DEFAULT" : "ERROR",
    statusMessage: message,
    model,
    provider,
    modelParameters: null,
    usage: hasUsage ? { input: outcome?.inputTokens ?? 0, output: outcome?.outputTokens ?? 0, total: (outcome?.inputTokens ?? 0) + (outcome?.outputTokens ?? 0) } : null,
    cost: typeof outcome?.costUsd === "number" && outcome.costUsd > 0 ? { total: outcome.costUsd } : null,
    costSource: typeof outcome?.costUsd === "number" && outcome.costUsd > 0 ? "client" : null,
    priceId: null,
    input: spec.input,
    output,
    metadata: promptLabel ? { "prism.prompt": promptLabel } : {},
    events: [],
    environment: INTERNAL_ENVIRONMENT,
    sessionId: null,
    userId: null,
    conversationId: null,
    tags: [INTERNAL_TAG],
  };
  const obs = masker.maskObservation(base);
  applyComputedCosts([obs], { overrides: prices });
  await writeTraceData(
    db,
    [traceRow(projectId, { id: traceId, name: obs.name, userId: null, sessionId: null, environment: INTERNAL_ENVIRONMENT, release: null, version: null, tags: [INTERNAL_TAG], timestamp: obs.startTime, hasRoot: true, metadata: obs.metadata })],
    [observationRow(projectId, obs)],
  );
  recordLlmCall({ provider, model, outcome: error === null ? "ok" : "error", costUsd: obs.cost?.total ?? null, inputTokens: outcome?.inputTokens ?? null, outputTokens: outcome?.outputTokens ?? null });
  await logApiCall(db, {
    projectId,
    provider,
    model,
    prompt: promptLabel,
    traceId,
    latencyMs: end - start,
    inputTokens: outcome?.inputTokens ?? null,
    outputTokens: outcome?.outputTokens ?? null,
    costUsd: obs.cost?.total ?? null,
    outcome: error === null ? "ok" : "error",
    error: message === null ? null : masker.maskString(message).slice(0, 2000),
  });
  return traceId;
}

/**
 * Runs `call` and records it. Resolves to the call's result; a failing call is recorded with outcome "error"
 * and its error is rethrown unchanged.
 */
export async function trackLlmCall<R extends LlmCallOutcome>(db: Db, projectId: string, spec: LlmCallSpec, call: () => Promise<R>, options: TrackOptions<R> = {}): Promise<R> {
  const now = options.now ?? Date.now;
  const start = now();
  let result: R;
  try {
    result = await call();
  } catch (err) {
    const end = now();
    await record(db, projectId, spec, start, end, null, undefined, err).catch((e) => log("telemetry").error({ error: describeFailure(e) }, "could not record LLM call"));
    throw err;
  }
  const end = now();
  const output = options.output ? options.output(result) : result.text;
  await record(db, projectId, spec, start, end, result, output, null).catch((e) => log("telemetry").error({ error: describeFailure(e) }, "could not record LLM call"));
  return result;
}
