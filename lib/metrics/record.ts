// What the rest of Prism calls to count things; recording never throws into the work it measures.
import { instruments } from "./registry";

export function recordHttpRequest(method: string, route: string, status: number, seconds: number) {
  const labels = { method, route, status: String(status) };
  const m = instruments();
  m.httpRequests.inc(labels);
  m.httpDuration.observe(labels, seconds);
}

export type IngestOutcome = "stored" | "invalid" | "refused" | "failed" | "sampled_out";

export function recordIngestItems(type: string, outcome: IngestOutcome, count: number) {
  if (count > 0) instruments().ingestItems.inc({ type, outcome }, count);
}

export function recordJobAttempt(job: string, outcome: "succeeded" | "retried" | "dead", seconds: number) {
  const m = instruments();
  m.jobDuration.observe({ job, outcome }, seconds);
  if (outcome !== "succeeded") m.jobFailures.inc({ job, final: String(outcome === "dead") });
}

export function recordLlmCall(call: { provider: string; model: string; outcome: "ok" | "error"; costUsd: number | null; inputTokens: number | null; outputTokens: number | null }) {
  const m = instruments();
  const { provider, model } = call;
  m.llmCalls.inc({ provider, model, outcome: call.outcome });
  if (call.costUsd) m.llmCost.inc({ provider, model }, call.costUsd);
  if (call.inputTokens) m.llmTokens.inc({ provider, model, direction: "input" }, call.inputTokens);
  if (call.outputTokens) m.llmTokens.inc({ provider, model, direction: "output" }, call.outputTokens);
}

export function recordCacheLookup(cache: string, hit: boolean) {
  const m = instruments();
  m.cacheRequests.inc({ cache, result: hit ? "hit" : "miss" });
  const seen = m.cacheLookups.get(cache) ?? { hits: 0, misses: 0 };
  if (hit) seen.hits++;
  else seen.misses++;
  m.cacheLookups.set(cache, seen);
}

/** The job ledger's state at scrape time (read by lib/jobs, which owns the ledger's SQL). */
export function setJobLedgerGauges(state: { queued: number; running: number; backlogSeconds: number; deadLetters: { job: string; count: number }[] }) {
  const m = instruments();
  m.jobQueueDepth.set({ status: "queued" }, state.queued);
  m.jobQueueDepth.set({ status: "running" }, state.running);
  m.jobBacklog.set(state.backlogSeconds);
  m.jobDeadLetters.reset();
  for (const d of state.deadLetters) m.jobDeadLetters.set({ job: d.job }, d.count);
}
