// Demo traces for the demo project: three apps (a support bot with retrieval, a SQL agent with tool
// calls, a document summarizer), several models, nested spans, some errors and slow outliers.
// Deterministic for a seed and anchor; written through the same store as real ingestion (cost, rollups).

import type { Db } from "@/db/client";
import { createRandom, type Random } from "@/lib/primitives/random";
import { applyComputedCosts } from "../traces/pricing/cost";
import { observationRow, traceRow } from "../traces/store/rows";
import { writeTraceData } from "../traces/store/write";
import { insertScores, scoreRow, type ScoreRow } from "../traces/store/scores";
import type { AttributeValue, ObservationRecord, ObservationType, TraceUpsert } from "../traces/types";
import { addSighting, type Sightings } from "../users/sightings";
import { recordSightings } from "../users/store/sightings";
import { demoMood, demoRating, demoUserMessage, failsInOutage } from "./sentiment";

export interface DemoTraceOptions {
  seed?: number;
  /** Traces end before this instant (defaults to now); same seed + anchor = same data. */
  anchor?: Date;
  /** Traces of the last `days` (defaults: 360 over 14 days). */
  count?: number;
  days?: number;
  /**
   * Older traces before those, at the same density (default 14 days: four weeks in all, the history the daily
   * anomaly detector needs before it scores a day).
   */
  historyDays?: number;
}

const HOUR = 3_600_000;
const questions = [
  "How do I reset my password?",
  "Can I export my invoices as CSV?",
  "Why was my card declined?",
  "How do I invite a teammate to my workspace?",
  "What is the difference between the Pro and Team plans?",
  "The mobile app keeps logging me out.",
];
// The injected drift: from the first UTC midnight in the last 7 days before the anchor, 45% of support questions come from German-speaking
// customers asking about the new PDF invoices and SEPA payments (a new topic and language, longer prompts), so the
// daily drift run finds it. Chosen from the trace id, so no extra random draw shifts the rest of the data.
export const DRIFT_DAYS = 7;
export const driftQuestions = [
  "Wie kann ich meine Rechnungen als PDF herunterladen und automatisch an die Buchhaltung weiterleiten lassen?",
  "Warum wurde meine SEPA-Lastschrift abgelehnt, obwohl das Konto gedeckt ist und die Mandatsreferenz stimmt?",
  "Kann ich die Rechnungsadresse für mein Unternehmen ändern, ohne dass die bisherigen Rechnungen neu ausgestellt werden?",
  "Wie stelle ich die Zahlungsmethode von Kreditkarte auf SEPA-Lastschrift um und wann wird zum ersten Mal abgebucht?",
];
// The injected latency incident: on the UTC day LATENCY_INCIDENT_DAYS before the anchor's day, the LLM gateway all
// model calls go through was degraded and every model call (chat and embedding, any provider) took
// LATENCY_INCIDENT_FACTOR times as long, so the daily latency rollups (p50/p95, overall and per model) spike.
// Decided from the trace's start time only: no extra random draw shifts the rest of the data.
export const LATENCY_INCIDENT_DAYS = 4;
export const LATENCY_INCIDENT_FACTOR = 6;
const DAY = 24 * HOUR;

/** Start of the incident day (UTC midnight) for an anchor; the incident lasts the whole day. */
export function latencyIncidentStart(anchor: Date | number): Date {
  const t = typeof anchor === "number" ? anchor : anchor.getTime();
  return new Date(Math.floor(t / DAY) * DAY - LATENCY_INCIDENT_DAYS * DAY);
}

// The personas of the demo's assistant: each trace names the one that answered (metadata `persona`, the default
// persona dimension of user profiles). Each user has a favourite, used for about 60% of their traces; chosen from
// the trace id, so no extra random draw shifts the rest of the data.
export const DEMO_PERSONAS = ["mentor", "coach", "expert"] as const;
function personaFor(userNo: number, traceId: string): string {
  const h = Number.parseInt(traceId.slice(8, 16), 16) % 10;
  return DEMO_PERSONAS[h < 6 ? userNo % 3 : (userNo + 1 + (h % 2)) % 3];
}

const sqlQuestions = ["Weekly active users by plan for last month", "Top 10 customers by revenue this quarter", "Churned accounts with open tickets"];
const docs = ["Q3 board memo", "Security review notes", "Onboarding survey results", "Release 4.2 changelog"];

function hex(rnd: Random, len: number): string {
  let s = "";
  for (let i = 0; i < len; i++) s += "0123456789abcdef"[Math.floor(rnd.next() * 16)];
  return s;
}

class TraceBuilder {
  readonly observations: ObservationRecord[] = [];
  constructor(
    private readonly rnd: Random,
    readonly traceId: string,
    private readonly environment: string,
  ) {}

  add(spec: {
    parent: string | null;
    type: ObservationType;
    name: string;
    start: number;
    durationMs: number;
    model?: string;
    provider?: string;
    usage?: { input: number; output: number };
    input?: AttributeValue;
    output?: AttributeValue;
    error?: string;
    metadata?: Record<string, AttributeValue>;
  }): string {
    const id = hex(this.rnd, 16);
    this.observations.push({
      id,
      traceId: this.traceId,
      parentObservationId: spec.parent,
      type: spec.type,
      name: spec.name,
      startTime: new Date(spec.start),
      endTime: new Date(spec.start + spec.durationMs),
      level: spec.error ? "ERROR" : "DEFAULT",
      statusMessage: spec.error ?? null,
      model: spec.model ?? null,
      provider: spec.provider ?? null,
      modelParameters: spec.model ? { temperature: 0.2, max_tokens: 1024 } : null,
      usage: spec.usage ? { ...spec.usage, total: spec.usage.input + spec.usage.output } : null,
      cost: null,
      costSource: null,
      priceId: null,
      input: spec.input,
      output: spec.error ? undefined : spec.output,
      metadata: spec.metadata ?? {},
      events: spec.error ? [{ name: "exception", time: new Date(spec.start + spec.durationMs), attributes: { "exception.type": "ProviderError", "exception.message": spec.error } }] : [],
      environment: this.environment,
      sessionId: null,
      userId: null,
      conversationId: null,
      tags: [],
    });
    return id;
  }
}

const chatModels = [
  { model: "gpt-4o-mini", provider: "openai", msPerToken: 9 },
  { model: "gpt-4.1", provider: "openai", msPerToken: 22 },
  { model: "claude-3-5-haiku-20241022", provider: "anthropic", msPerToken: 12 },
  { model: "gemini-2.5-flash", provider: "google", msPerToken: 7 },
];

export function generateDemoTraces(options: DemoTraceOptions = {}) {
  const seed = options.seed ?? 7;
  const anchor = options.anchor?.getTime() ?? Date.now();
  // The drift starts at the first UTC midnight of the last DRIFT_DAYS days: the daily drift run (whole days) sees it
  // on whole days of its current window, and the conversation topics (weeks ending at the anchor) only in the last week.
  const driftStart = Math.ceil((anchor - DRIFT_DAYS * DAY) / DAY) * DAY;
  const count = options.count ?? 360;
  const days = options.days ?? 14;
  const historyDays = options.historyDays ?? 14;
  const incidentStart = latencyIncidentStart(anchor).getTime();
  const traces: TraceUpsert[] = [];
  const observations: ObservationRecord[] = [];

  // The recent `days` come from the seed's own stream (adding the history changed none of them); the `historyDays`
  // before them, at the same density, from a stream of their own.
  const blocks = [{ rnd: createRandom(seed), end: anchor, days, count }];
  if (historyDays > 0) blocks.push({ rnd: createRandom(seed * 7919 + 101), end: anchor - days * DAY, days: historyDays, count: Math.round((count * historyDays) / days) });
  for (const block of blocks.flatMap((b) => Array.from({ length: b.count }, () => b))) {
    const rnd = block.rnd;
    const app = rnd.weighted({ "support-bot": 55, "sql-agent": 25, "doc-summarizer": 20 });
    const environment = rnd.chance(0.85) ? "production" : "staging";
    const traceId = hex(rnd, 32);
    const b = new TraceBuilder(rnd, traceId, environment);
    // Spread over the block's days.
    const start = block.end - Math.floor(rnd.next() * block.days * 24) * HOUR - Math.floor(rnd.next() * HOUR) - 10 * 60_000;
    const userNo = 1 + Math.floor(rnd.next() * 120);
    const userId = `user_${String(userNo).padStart(4, "0")}`;
    const sessionId = `sess_${userId}_${Math.floor((anchor - start) / (6 * HOUR))}`;
    const slow = rnd.chance(0.04);
    const failing = rnd.chance(0.06);
    const m = rnd.pick(chatModels);
    const incident = start >= incidentStart && start < incidentStart + DAY;
    // Duration of a model call in this trace: stretched during the injected incident.
    const slowed = (ms: number) => (incident ? ms * LATENCY_INCIDENT_FACTOR : ms);
    let t = start;
    let name: string;
    const tags: string[] = [];
    /** The prompt version of the app's main prompt (support: v4 rolled out ten days before the anchor). */
    let promptVersion: string | undefined;

    if (app === "support-bot") {
      name = "support-chat";
      let q = rnd.pick(questions);
      const idHash = Number.parseInt(traceId.slice(0, 8), 16);
      if (start >= driftStart && idHash % 100 < 45) q = driftQuestions[idHash % driftQuestions.length];
      // The drifted (German) questions stay verbatim: the drift report's clusters show them as they are.
      const message = driftQuestions.includes(q) ? q : demoUserMessage(traceId, demoMood(traceId, failing), q);
      promptVersion = start < anchor - 10 * DAY ? "support-v3" : "support-v4";
      const root = b.add({ parent: null, type: "agent", name, start: t, durationMs: 0, input: message });
      t += 5;
      const emb = slowed(40 + Math.floor(rnd.next() * 60));
      b.add({ parent: root, type: "embedding", name: "embed-query", start: t, durationMs: emb, model: "text-embedding-3-small", provider: "openai", usage: { input: 12 + Math.floor(rnd.next() * 20), output: 0 }, input: q });
      t += emb + 2;
      const ret = (slow ? 2500 : 60) + Math.floor(rnd.next() * 120);
      const chunks = ["Help center: Passwords can be reset from Settings → Security.", "Billing FAQ: invoices export as CSV or PDF from Billing → History.", "Plans: Team adds SSO, audit log and shared workspaces."];
      b.add({ parent: root, type: "retrieval", name: "vector-search", start: t, durationMs: ret, input: { query: q, topK: 3 }, output: chunks.map((c, k) => ({ id: `doc_${k + 1}`, score: Number((0.9 - k * 0.07).toFixed(2)), text: c })) });
      t += ret + 3;
      const input = 600 + Math.floor(rnd.next() * 900);
      const output = 80 + Math.floor(rnd.next() * 220);
      const gen = slowed(Math.round(output * m.msPerToken * (slow ? 4 : 1) + 150));
      b.add({
        parent: root,
        type: "generation",
        name: "answer",
        start: t,
        durationMs: failing ? 30_000 : gen,
        model: m.model,
        provider: m.provider,
        usage: failing ? undefined : { input, output },
        input: [
          { role: "system", content: "You are Acme's support assistant. Answer from the provided articles only." },
          { role: "user", content: message },
        ],
        output: { role: "assistant", content: `Here is how: ${chunks[0].split(": ")[1]} Let me know if anything is unclear.` },
        error: failing ? "Upstream timeout after 30s (provider 504)" : undefined,
      });
      t += failing ? 30_000 : gen;
      tags.push("rag");
    } else if (app === "sql-agent") {
      name = "sql-agent";
      const q = rnd.pick(sqlQuestions);
      // The injected tool outage fails the last run_sql call of a share of the traces in its window.
      const outage = failsInOutage(traceId, start, anchor);
      const message = demoUserMessage(traceId, demoMood(traceId, failing || outage), q);
      promptVersion = "sql-v1";
      const root = b.add({ parent: null, type: "agent", name, start: t, durationMs: 0, input: message });
      const steps = 1 + Math.floor(rnd.next() * 3);
      t += 3;
      for (let s = 0; s < steps; s++) {
        const input = 900 + s * 400 + Math.floor(rnd.next() * 400);
        const output = 60 + Math.floor(rnd.next() * 120);
        const gen = slowed(Math.round(output * m.msPerToken + 200));
        b.add({
          parent: root,
          type: "generation",
          name: `plan-step-${s + 1}`,
          start: t,
          durationMs: gen,
          model: m.model,
          provider: m.provider,
          usage: { input, output },
          input: [{ role: "user", content: message }],
          output: { role: "assistant", content: null, tool_calls: [{ type: "function", function: { name: "run_sql", arguments: JSON.stringify({ query: "select plan, count(distinct user_id) from events group by 1" }) } }] },
        });
        t += gen + 2;
        const toolMs = (slow && s === 0 ? 6000 : 80) + Math.floor(rnd.next() * 400);
        const toolFails = (failing || outage) && s === steps - 1;
        b.add({
          parent: root,
          type: "tool",
          name: "run_sql",
          start: t,
          durationMs: toolMs,
          input: { query: "select plan, count(distinct user_id) from events group by 1" },
          output: { rows: [["free", 812], ["pro", 240], ["team", 41]] },
          error: toolFails ? "permission denied for table invoices" : undefined,
        });
        t += toolMs + 2;
      }
      tags.push("agent");
    } else {
      name = "summarize-document";
      const doc = rnd.pick(docs);
      const root = b.add({ parent: null, type: "span", name, start: t, durationMs: 0, input: { document: doc } });
      t += 4;
      const parts = 2 + Math.floor(rnd.next() * 3);
      const chunkParent = b.add({ parent: root, type: "span", name: "map-chunks", start: t, durationMs: 0 });
      for (let p = 0; p < parts; p++) {
        const input = 1500 + Math.floor(rnd.next() * 1500);
        const output = 120 + Math.floor(rnd.next() * 100);
        const gen = slowed(Math.round(output * 8 + 120));
        b.add({ parent: chunkParent, type: "generation", name: `summarize-chunk-${p + 1}`, start: t, durationMs: gen, model: "gpt-4o-mini", provider: "openai", usage: { input, output }, input: [{ role: "user", content: `Summarize part ${p + 1} of "${doc}".` }], output: { role: "assistant", content: `Part ${p + 1}: key points…` } });
        t += gen + 1;
      }
      const chunkObs = b.observations.find((o) => o.id === chunkParent)!;
      chunkObs.endTime = new Date(t);
      const gen = slowed(Math.round(300 * m.msPerToken * (slow ? 3 : 1)));
      b.add({ parent: root, type: "generation", name: "combine", start: t, durationMs: gen, model: m.model, provider: m.provider, usage: { input: 900, output: 300 }, input: [{ role: "user", content: "Combine the partial summaries." }], output: { role: "assistant", content: `Summary of ${doc}: three decisions, two risks, one follow-up.` }, error: failing ? "Content filter blocked the response" : undefined });
      t += gen;
      tags.push("batch");
    }
    // The root closes when its last child does.
    b.observations[0].endTime = new Date(t + 3);
    if (slow) tags.push("slow");
    if (rnd.chance(0.2)) tags.push("beta");
    observations.push(...b.observations);
    traces.push({
      id: traceId,
      name,
      userId,
      sessionId,
      environment,
      release: rnd.pick(["1.12.0", "1.12.1", "1.13.0"]),
      version: null,
      tags,
      timestamp: new Date(start),
      hasRoot: true,
      metadata: { "service.name": app, persona: personaFor(userNo, traceId), ...(promptVersion ? { promptVersion } : {}) },
    });
  }
  applyComputedCosts(observations);
  return { traces, observations };
}

/**
 * Judgments of a share of the demo traces, deterministic for the same traces and seed: an LLM judge's
 * "helpfulness" (0..1) of the final answer and "correct" (boolean) of SQL answers, and a code check's
 * "answer_length" category. Failed traces are judged lower, as a real judge would.
 */
export function generateDemoScores(projectId: string, data: ReturnType<typeof generateDemoTraces>, seed = 7): ScoreRow[] {
  const rnd = createRandom(seed * 7919 + 13);
  const byTrace = new Map<string, ObservationRecord[]>();
  for (const o of data.observations) byTrace.set(o.traceId, [...(byTrace.get(o.traceId) ?? []), o]);
  const rows: ScoreRow[] = [];
  for (const t of data.traces) {
    const obs = byTrace.get(t.id) ?? [];
    const last = obs.filter((o) => o.type === "generation").at(-1);
    const failed = obs.some((o) => o.level === "ERROR");
    const end = Math.max(...obs.map((o) => (o.endTime ?? o.startTime).getTime()));
    // The end user's own rating (lib/demo/sentiment.ts), from a stream of its own: the judgments below are unchanged.
    const rating = t.name === "summarize-document" ? null : demoRating(t.id, failed, demoMood(t.id, failed));
    if (rating) {
      const ratedAt = new Date(end + 120_000);
      rows.push(scoreRow(projectId, `demo-user-${t.id}-rating`, { traceId: t.id, name: "user_rating", value: rating.value, comment: rating.comment }, { source: "api", timestamp: ratedAt }));
    }
    if (!last || !rnd.chance(0.45)) continue;
    const at = new Date(end + 30_000 + Math.floor(rnd.next() * 60_000));
    const helpfulness = Math.round((failed ? 0.05 + rnd.next() * 0.35 : 0.55 + rnd.next() * 0.45) * 100) / 100;
    rows.push(scoreRow(projectId, `demo-judge-${t.id}-helpfulness`, { traceId: t.id, observationId: last.id, name: "helpfulness", value: helpfulness, comment: failed ? "The answer did not address the question." : null }, { source: "llm_judge", timestamp: at }));
    if (t.name === "sql-agent") {
      rows.push(scoreRow(projectId, `demo-judge-${t.id}-correct`, { traceId: t.id, name: "correct", value: !failed && rnd.chance(0.85) }, { source: "llm_judge", timestamp: at }));
    }
    const length = JSON.stringify(last.output ?? "").length;
    rows.push(scoreRow(projectId, `demo-code-${t.id}-answer-length`, { traceId: t.id, observationId: last.id, name: "answer_length", value: length < 80 ? "short" : length < 200 ? "medium" : "long" }, { source: "code", timestamp: at }));
  }
  return rows;
}

/** Writes the demo traces and their judgments into a project (idempotent: re-running changes nothing). */
export async function seedDemoTraces(db: Db, projectId: string, options: DemoTraceOptions = {}): Promise<number> {
  const data = generateDemoTraces(options);
  const { traces, observations } = data;
  await writeTraceData(
    db,
    traces.map((t) => traceRow(projectId, t)),
    observations.map((o) => observationRow(projectId, o)),
  );
  await insertScores(db, generateDemoScores(projectId, data, options.seed));
  // Their users are seen like any ingested trace's (created on first sight, first/last seen).
  const seen: Sightings = new Map();
  for (const t of traces) addSighting(seen, t.userId, t.timestamp);
  await recordSightings(db, projectId, seen);
  return traces.length;
}
