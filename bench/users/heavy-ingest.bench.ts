// Ingest cost for heavy users: BENCH_HEAVY_USERS end users (default 1,000) with BENCH_HEAVY_EVENTS_PER_USER events each
// (default 2,000), inserted in batches of one event per user (so every batch touches every user's rollup rows, with
// a longer history each time), hourly over ~12 weeks. Each batch goes once into `events` (the statement trigger keeps
// the user_event_days / user_event_times rollups) and once into a copy of `events` without the trigger, alternating,
// in the same run. The rollup's cost is bounded when the last batches cost about what the first ones did.
import os from "node:os";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { openScratchDb } from "../scratch-db";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";

const USERS = Number(process.env.BENCH_HEAVY_USERS ?? 1000);
const PER_USER = Number(process.env.BENCH_HEAVY_EVENTS_PER_USER ?? 2000);
const START = new Date("2026-09-01T00:00:00Z");
const NAMES = ["session_started", "message_sent", "feedback", "message_sent"];

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export default async function heavyIngestBench() {
  const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(1)));
  const handle = await openScratchDb("users_heavy");
  const db = handle.db;
  const org = await ensureOrganization(db, "bench");
  const project = await ensureProject(db, org.id, "bench");
  // LIKE copies columns, defaults and indexes, never triggers.
  await db.execute(sql`create table events_plain (like events including defaults including indexes)`);

  const batch = (table: "events" | "events_plain", k: number) =>
    db.execute(sql`insert into ${sql.raw(table)} (project_id, id, user_id, name, timestamp, properties)
      select ${project.id}::uuid, 'e' || u || '-' || ${k}::int, 'u' || u, (${sql.raw(`array[${NAMES.map((n) => `'${n}'`).join(",")}]`)})[1 + (u + ${k}::int) % ${NAMES.length}],
             ${START.toISOString()}::timestamptz + ${k}::int * interval '1 hour' + u * interval '1 second', '{}'::jsonb
      from generate_series(1, ${USERS}) u`);

  const withRollup: number[] = [];
  const plain: number[] = [];
  for (let k = 0; k < PER_USER; k++) {
    let t0 = performance.now();
    await batch("events", k);
    withRollup.push(performance.now() - t0);
    t0 = performance.now();
    await batch("events_plain", k);
    plain.push(performance.now() - t0);
    if ((k + 1) % 200 === 0) process.stderr.write(`[users/heavy-ingest] ${k + 1}/${PER_USER} batches, last 200: ${Math.round(mean(withRollup.slice(-200)))} ms with rollup, ${Math.round(mean(plain.slice(-200)))} ms plain (load ${os.loadavg()[0].toFixed(1)})\n`);
  }
  // Both rollup tables (user_event_times exists from migration 0062 on).
  const [size] = rowsOf<{ bytes: string }>(
    await db.execute(sql`select (pg_total_relation_size('user_event_days') + coalesce(pg_total_relation_size(to_regclass('user_event_times')), 0))::bigint as bytes`),
  );
  await handle.close();

  const tenth = Math.max(1, Math.floor(PER_USER / 10));
  const firstMs = mean(withRollup.slice(0, tenth));
  const lastMs = mean(withRollup.slice(-tenth));
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    driver: handle.driver,
    users: USERS,
    eventsPerUser: PER_USER,
    events: USERS * PER_USER,
    loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((l) => Number(l.toFixed(1))) },
    totalMs: { withRollup: Math.round(total(withRollup)), plainInsert: Math.round(total(plain)) },
    ratioToPlainInsert: Number((total(withRollup) / total(plain)).toFixed(2)),
    batchMs: {
      firstTenthWithRollup: Math.round(firstMs),
      lastTenthWithRollup: Math.round(lastMs),
      firstTenthPlain: Math.round(mean(plain.slice(0, tenth))),
      lastTenthPlain: Math.round(mean(plain.slice(-tenth))),
    },
    /** Last tenth's batch time over the first tenth's: about 1 when the cost does not grow with history. */
    growthWithRollup: Number((lastMs / firstMs).toFixed(2)),
    growthPlain: Number((mean(plain.slice(-tenth)) / mean(plain.slice(0, tenth))).toFixed(2)),
    rollupMegabytes: Math.round(Number(size.bytes) / 1e6),
  };
}
