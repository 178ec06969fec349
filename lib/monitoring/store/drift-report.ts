/**
 * Drift report on request: prompt/response features of LLM generations in the current window (last 7 days)
 * against the baseline (the 7 days before), through computeDrift, plus embedding drift of the prompts with the
 * offline hashed n-gram embedder.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { computeDrift } from "../drift/compute";
import { driftedClusters, type DriftedCluster } from "../drift/clusters";
import { hashedNgramEmbedder } from "../drift/embedding";
import type { DriftResult } from "../drift/schema";

const DAY = 86_400_000;
const MAX_ROWS = 20_000;
const MAX_EMBEDDED = 2_000;

/** Plain text of a prompt or response (strings inside messages, content parts...). */
export function textOf(value: unknown, depth = 0): string {
  if (value === null || value === undefined || depth > 6) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return "";
  if (Array.isArray(value)) return value.map((v) => textOf(v, depth + 1)).filter(Boolean).join("\n");
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    if ("content" in o) return textOf(o.content, depth + 1);
    if ("text" in o) return textOf(o.text, depth + 1);
    return Object.values(o).map((v) => textOf(v, depth + 1)).filter(Boolean).join("\n");
  }
  return "";
}

/** A generation as the report reads it (`tools`: tool calls in its trace). */
export interface DriftRow {
  input: unknown;
  output: unknown;
  usage_input: number | null;
  usage_output: number | null;
  model: string | null;
  tools: number;
}

async function windowRows(db: Db, projectId: string, from: Date, to: Date): Promise<DriftRow[]> {
  return rowsOf<DriftRow>(
    await db.execute(sql`
      select o.input, o.output, o.usage_input, o.usage_output, o.model,
        (select count(*) from observations x where x.project_id = o.project_id and x.trace_id = o.trace_id and x.type = 'tool')::int as tools
      from observations o
      where o.project_id = ${projectId} and o.type = 'generation'
        and o.start_time >= ${from.toISOString()}::timestamptz and o.start_time < ${to.toISOString()}::timestamptz
      order by o.start_time desc
      limit ${MAX_ROWS}`),
  );
}

const EXAMPLE_CHARS = 240;

/**
 * What a reader recognises a prompt by: the last user message of a chat input (not the shared system prompt), else
 * the whole text; stored inputs are already masked at ingest, so this is masked text.
 */
export function promptExample(input: unknown): string {
  let text = textOf(input);
  if (Array.isArray(input)) {
    const user = input.filter((m) => m && typeof m === "object" && (m as { role?: unknown }).role === "user").at(-1);
    if (user) text = textOf(user);
  }
  text = text.replace(/\s+/g, " ").trim();
  return text.length > EXAMPLE_CHARS ? `${text.slice(0, EXAMPLE_CHARS - 1)}…` : text;
}

function features(rows: readonly DriftRow[]) {
  const prompts = rows.map((r) => textOf(r.input));
  return {
    prompts,
    columns: {
      promptLength: prompts.map((p) => p.length),
      responseLength: rows.map((r) => textOf(r.output).length),
      inputTokens: rows.map((r) => (r.usage_input === null ? null : Number(r.usage_input))),
      outputTokens: rows.map((r) => (r.usage_output === null ? null : Number(r.usage_output))),
      model: rows.map((r) => r.model ?? "unknown"),
      toolUsage: rows.map((r) => (Number(r.tools) > 0 ? "tools" : "no tools")),
    },
  };
}

export interface DriftReport {
  baseline: { from: string; to: string; records: number };
  current: { from: string; to: string; records: number };
  result: DriftResult | null;
  /** Prompt clusters over-represented in the current window, with masked example prompts (runs before it: absent). */
  clusters?: DriftedCluster[];
  reason?: string;
}

export async function driftReport(db: Db, projectId: string, now = new Date()): Promise<DriftReport> {
  const currentFrom = new Date(now.getTime() - 7 * DAY);
  const baselineFrom = new Date(now.getTime() - 14 * DAY);
  const [base, cur] = await Promise.all([windowRows(db, projectId, baselineFrom, currentFrom), windowRows(db, projectId, currentFrom, now)]);
  return driftReportOfRows(base, cur, now);
}

/**
 * The report of the generations of the two windows ending at `now` (each newest first, as `windowRows` reads them):
 * pure, so a test or script can run the report on generated rows without a database.
 */
export function driftReportOfRows(base: readonly DriftRow[], cur: readonly DriftRow[], now: Date): DriftReport {
  const currentFrom = new Date(now.getTime() - 7 * DAY);
  const baselineFrom = new Date(now.getTime() - 14 * DAY);
  const report: DriftReport = {
    baseline: { from: baselineFrom.toISOString(), to: currentFrom.toISOString(), records: base.length },
    current: { from: currentFrom.toISOString(), to: now.toISOString(), records: cur.length },
    result: null,
  };
  if (base.length < 20 || cur.length < 20) return { ...report, reason: "Each window needs at least 20 LLM generations." };
  const b = features(base);
  const c = features(cur);
  const embedder = hashedNgramEmbedder({ dimension: 128 });
  const embeddings = { reference: embedder.embedSync(b.prompts.slice(0, MAX_EMBEDDED)), current: embedder.embedSync(c.prompts.slice(0, MAX_EMBEDDED)) };
  report.result = computeDrift({ reference: b.columns, current: c.columns, embeddings });
  report.clusters = driftedClusters(
    { vectors: embeddings.reference, texts: base.slice(0, MAX_EMBEDDED).map((r) => promptExample(r.input)) },
    { vectors: embeddings.current, texts: cur.slice(0, MAX_EMBEDDED).map((r) => promptExample(r.input)) },
  );
  return report;
}
