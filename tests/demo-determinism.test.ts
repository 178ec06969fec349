// The demo seeded with the same seed and anchor gives the same rows whatever the wall clock says when it is seeded:
// the traces, their spans and scores, the product events, Spectrum, personalization and experiment data, and what
// the set-up passes (rollups, detection, drift, forecasts, sentiment, topics, suggestions, profiles, churn) derive
// from them. Demo-based tests read one anchored demo; before, its traces followed the hour at which it was seeded.
import { afterEach, expect, test, vi } from "vitest";
import { createHash } from "node:crypto";
import { rowsOf, type DbHandle } from "@/db/client";
import { seedDemo } from "@/lib/demo/seed";
import { createTestDb } from "@/tests/support/db";
import { createDemoTestDb, DEMO_SEED_TIMEOUT, DEMO_TEST_OPTIONS } from "@/tests/support/demo";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The seeded tables, each with the columns that record when a row was written rather than what the demo holds (the
 * staleness checks compare them with the wall clock: a profile's computed_at, a model's features' event_time).
 */
const seededTables: Record<string, string[]> = {
  traces: [],
  observations: [],
  scores: [],
  events: [],
  end_user_identifies: [],
  end_user_trait_changes: [],
  end_user_profiles: ["computed_at"],
  experiments: [],
  experiment_exposures: [],
  experiment_results: [],
  experiment_daily_results: [],
  personalization_interactions: [],
  personalization_impressions: [],
  spectrum_sessions: [],
  spectrum_turns: [],
  spectrum_period_aggregates: ["computed_at"],
  spectrum_insights: [],
  spectrum_engagement_events: [],
  metric_rollups: ["computed_at"],
  monitoring_anomalies: [],
  monitoring_drift_runs: ["computed_at"],
  monitoring_forecasts: ["computed_at"],
  trace_sentiment: [],
  insight_topic_runs: [],
  insight_topics: [],
  insight_suggestions: [],
  personalization_feature_values: ["event_time"],
  churn_models: [],
  evaluation_rules: [],
  event_quality_daily: [],
};
/** Written-at columns of every table (the database's or the process's clock when the row was stored). */
const writtenAt = ["project_id", "created_at", "updated_at", "received_at", "logged_at", "recorded_at", "detected_at", "materialized_at"];
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** How long a pass took (its duration_ms, an insight's LLM call's latency_ms, the snapshot's aggregateMs, ...). */
const elapsed = /"(\w*(?:Ms|_ms))": \d+(\.\d+)?/g;
const timedPasses = new Set(["experiment_results", "spectrum_insights"]);
/** Random ids (uuids minted at insert) and elapsed times differ from one seeding to the next whatever the clock. */
const normalized = (table: string, row: string) => {
  const ids = row.replace(uuid, "<uuid>");
  return timedPasses.has(table) ? ids.replace(elapsed, '"$1": <ms>') : ids;
};

/** Each table's demo rows as JSON text, in a fixed order. */
async function demoRows(h: DbHandle, projectId: string) {
  const out: Record<string, string[]> = {};
  for (const [table, dropped] of Object.entries(seededTables)) {
    const result = await h.db.execute(
      `SELECT (to_jsonb(t) ${[...writtenAt, ...dropped].map((c) => `- '${c}'`).join(" ")})::text AS row FROM ${table} t WHERE project_id = '${projectId}'`,
    );
    out[table] = rowsOf<{ row: string }>(result).map((r) => normalized(table, r.row)).sort();
  }
  return out;
}

/** "table: n rows <hash>" per table, and the first differing row pair of each table where two seedings differ. */
const fingerprint = (rows: string[]) => `${rows.length} rows ${createHash("sha256").update(rows.join("\n")).digest("hex").slice(0, 16)}`;
function differences(a: Record<string, string[]>, b: Record<string, string[]>) {
  return Object.keys(seededTables).flatMap((table) => {
    if (fingerprint(a[table]) === fingerprint(b[table])) return [];
    const i = a[table].findIndex((row, k) => row !== b[table][k]);
    return [`${table}: ${fingerprint(a[table])} vs ${fingerprint(b[table])}; first differing row:\n  ${a[table][i]}\n  ${b[table][i]}`];
  });
}

/** Seeds the demo into a database of its own while the wall clock reads `wallClock` (and runs on from there). */
async function seedAt(wallClock: Date) {
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  vi.setSystemTime(wallClock);
  const h = await createTestDb();
  try {
    const seeded = await seedDemo(h.db, DEMO_TEST_OPTIONS);
    vi.useRealTimers();
    return await demoRows(h, seeded.projectId);
  } finally {
    vi.useRealTimers();
    await h.close();
  }
}

/** The demo copy the other test files read (tests/support/demo.ts): seeded once per run at the real clock. */
async function sharedDemoCopy() {
  const { handle, seeded } = await createDemoTestDb(DEMO_TEST_OPTIONS);
  try {
    return await demoRows(handle, seeded.projectId);
  } finally {
    await handle.close();
  }
}

afterEach(() => vi.useRealTimers());

test("the demo seeded at the run's clock and 40 days and 12 hours later, with the same anchor, holds the same rows", { timeout: 2 * DEMO_SEED_TIMEOUT }, async () => {
  // The copy the other files read (seeded at most a few hours ago, by this file or another), against a seeding on
  // another day at another hour of the day; the copy is seeded once per run, so this file seeds once more, not twice.
  const startedAt = Date.now();
  const early = await sharedDemoCopy();
  const late = await seedAt(new Date(startedAt + 40 * DAY + 12 * HOUR));
  expect(differences(early, late)).toEqual([]);
  // The demo's data is all there: nothing compared empty.
  for (const table of ["traces", "observations", "scores", "events", "spectrum_sessions", "metric_rollups", "monitoring_anomalies", "insight_topics", "trace_sentiment"]) {
    expect(early[table].length, table).toBeGreaterThan(0);
  }
});
