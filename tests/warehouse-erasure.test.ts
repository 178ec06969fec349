// Erasure across tiers: an end user with events, traces, model calls, scores and Spectrum turns in the hot tier only,
// in hot and warm/cold, and in warm/cold only (hot rows gone with retention) is erased through DELETE
// /api/v1/users/:id (also once their days sit in compacted month files); afterwards no Parquet file, no cold archive and no table holds their id or their text, only the
// files that held them were rewritten, and the manifest's checksums match the files on disk.
import { expect, test } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { temporaryWarehouse } from "./support/warehouse";
import { rowsOf } from "@/db/client";
import { events, projects, storageManifest } from "@/db/schema";
import { exportProjectTiers } from "@/lib/warehouse/export";
import { coldLinesMentioning } from "@/lib/warehouse/cold";
import { seedTraceHistory } from "./support/trace-history";
import { spectrumTurns } from "@/db/schema";
import { fileStats } from "@/lib/warehouse/files";
import { rowsMentioning } from "@/lib/warehouse/parquet-events";
import { compactProject } from "@/lib/warehouse/compact";
import { enforceRetention } from "@/lib/retention/store/enforce";
import { DELETE } from "@/app/api/v1/users/[userId]/route";

const t = seededDatabase();
const DAY = 86_400_000;
const now = new Date(Math.floor(Date.now() / DAY) * DAY + DAY / 2 - DAY);
const ERASED = "erased-7f3c1d";
const warehouse = temporaryWarehouse("prism-erasure");

// Text the erased user wrote that does not contain their id: the scans look for it too.
const THEIR_TEXT = "my neighbour's parrot is called Zebedee";

function filesEndingWith(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesEndingWith(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : []));
}
const parquetFiles = (dir: string) => filesEndingWith(dir, ".parquet");
const coldFiles = (dir: string) => filesEndingWith(dir, ".jsonl.gz");

/** Rows naming `needle` in every file of every tier: Parquet (any column, JSON included) and cold archives. */
async function tierRowsMentioning(dir: string, needle: string): Promise<number> {
  const counts = await Promise.all([...parquetFiles(dir).map((f) => rowsMentioning(f, needle)), ...coldFiles(dir).map((f) => coldLinesMentioning(f, needle))]);
  return counts.reduce((a, b) => a + b, 0);
}

/** Every row of every table in the database whose text form contains `needle`, as "table: count". */
async function tablesMentioning(needle: string): Promise<string[]> {
  const tables = rowsOf<{ table_name: string }>(await t.h.db.execute(sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`));
  expect(tables.length).toBeGreaterThan(50);
  const hits: string[] = [];
  for (const { table_name } of tables) {
    const [row] = rowsOf<{ n: number | string }>(await t.h.db.execute(sql`select count(*) as n from ${sql.identifier(table_name)} t where t::text like ${`%${needle}%`}`));
    if (Number(row.n) > 0) hits.push(`${table_name}: ${row.n}`);
  }
  return hits;
}

test("erasing an end user removes them from the hot tables and rewrites only the warm and cold files that held them", { timeout: 180_000 }, async () => {
  const projectId = t.org.project.id;
  await t.h.db.update(projects).set({ retentionDays: 3, warmTier: true }).where(eq(projects.id, projectId));
  // Days 1..6 back: the erased user on days 6, 4, 2 (and today); someone else every day.
  const rows = [0, 1, 2, 3, 4, 5, 6].flatMap((d) => [
    ...(d % 2 === 0 ? [{ projectId, id: `x-${d}`, userId: ERASED, name: "message_sent", timestamp: new Date(now.getTime() - d * DAY), properties: { text: `hello from ${ERASED}` } }] : []),
    { projectId, id: `o-${d}`, userId: "someone-else", name: "message_sent", timestamp: new Date(now.getTime() - d * DAY + 60_000), properties: {} },
  ]);
  // Day 6 holds only the erased user: its file disappears entirely.
  await t.h.db.insert(events).values(rows.filter((r) => r.id !== "o-6"));
  // Traces, calls (payloads), scores and turns over the same days, for the erased user and two others.
  await seedTraceHistory(t.h.db, projectId, now, 6, [ERASED, "someone-else", "a-third"]);
  await t.h.db.insert(spectrumTurns).values({ projectId, id: "their-turn", sessionId: "s-6-0", userId: ERASED, role: "user", text: THEIR_TEXT, timestamp: new Date(now.getTime() - 6 * DAY) });
  await exportProjectTiers(t.h.db, projectId, { now, root: warehouse.dir() });
  // Hot retention (3 days) moves days 4..6 to the warm tier only.
  await enforceRetention(t.h.db, now, 1000, projectId);
  expect(await t.h.db.$count(events, eq(events.userId, ERASED))).toBe(2);

  const before = await t.h.db.select().from(storageManifest).where(eq(storageManifest.projectId, projectId));
  const beforeEvents = before.filter((m) => m.tableName === "events");
  expect(beforeEvents).toHaveLength(6);
  expect(new Set(before.map((m) => `${m.tier}:${m.tableName}`))).toEqual(
    new Set(["warm:events", "warm:traces", "warm:observations", "warm:scores", "cold:traces_raw", "cold:observations_raw", "cold:scores_raw", "cold:spectrum_turns_raw"]),
  );
  const eventFiles = parquetFiles(warehouse.dir()).filter((f) => f.includes("/events/"));
  expect(eventFiles).toHaveLength(6);
  expect((await Promise.all(eventFiles.map((f) => rowsMentioning(f, ERASED)))).reduce((a, b) => a + b, 0)).toBe(3);
  // Every tier names them before: hot tables, warm files, cold archives (their text only there and in the hot table).
  expect(await tablesMentioning(ERASED)).not.toEqual([]);
  expect(await tierRowsMentioning(warehouse.dir(), ERASED)).toBeGreaterThan(20);
  expect(await tierRowsMentioning(warehouse.dir(), THEIR_TEXT)).toBe(1);
  expect(await t.h.db.$count(spectrumTurns, eq(spectrumTurns.id, "their-turn"))).toBe(0);

  const res = await call(DELETE, `/api/v1/users/${ERASED}`, { method: "DELETE", headers: bearer(t.org.apiKey.secretKey), params: { userId: ERASED } });
  expect(res.status).toBe(200);
  expect(res.json.deleted.warm_tier_rows).toBeGreaterThan(3);
  expect(res.json.deleted.cold_tier_rows).toBeGreaterThan(3);

  // Nothing in any tier names them: every Parquet file and cold archive under the warehouse, every table.
  expect(parquetFiles(warehouse.dir()).filter((f) => f.includes("/events/"))).toHaveLength(5);
  expect(await tierRowsMentioning(warehouse.dir(), ERASED)).toBe(0);
  expect(await tierRowsMentioning(warehouse.dir(), THEIR_TEXT)).toBe(0);
  expect(await tablesMentioning(ERASED)).toEqual([]);
  expect(await tablesMentioning(THEIR_TEXT)).toEqual([]);
  // The others' rows are all still there, in every tier.
  expect(await tierRowsMentioning(warehouse.dir(), "a-third")).toBeGreaterThan(10);

  // Files that never held them are untouched; rewritten ones have new checksums that match the manifest.
  const all = await t.h.db.select().from(storageManifest).where(eq(storageManifest.projectId, projectId));
  for (const m of all) expect(await fileStats(path.join(warehouse.dir(), m.path))).toEqual({ bytes: m.bytes, sha256: m.sha256 });
  const after = all.filter((m) => m.tableName === "events");
  const held = new Set([2, 4, 6].map((d) => new Date(now.getTime() - d * DAY).toISOString().slice(0, 10)));
  for (const m of after) {
    const old = beforeEvents.find((b) => b.id === m.id)!;
    expect(await fileStats(path.join(warehouse.dir(), m.path))).toEqual({ bytes: m.bytes, sha256: m.sha256 });
    if (held.has(m.eventDate)) expect([m.sha256, m.rows]).not.toEqual([old.sha256, old.rows]);
    else expect(m.sha256).toBe(old.sha256);
  }
  expect(after.map((m) => m.eventDate)).not.toContain(new Date(now.getTime() - 6 * DAY).toISOString().slice(0, 10));
  // The other user's warm days are all still there.
  expect(after.reduce((s, m) => s + m.rows, 0)).toBe(5);
});

test("erasure reaches a user in compacted month files: each rewritten once, the others' rows and the checksums intact", { timeout: 240_000 }, async () => {
  const other = await seedOrg(t.h.db);
  const projectId = other.project.id;
  const GONE = "erased-in-a-month-2b9e";
  const days = 70;
  await t.h.db.update(projects).set({ retentionDays: 4, warmTier: true }).where(eq(projects.id, projectId));
  await t.h.db.insert(events).values(
    Array.from({ length: days }, (_, k) => k + 1).flatMap((d) => [
      { projectId, id: `m-${d}`, userId: d % 3 === 0 ? GONE : "stays", name: "message_sent", timestamp: new Date(now.getTime() - d * DAY), properties: { text: `day ${d} of ${d % 3 === 0 ? GONE : "stays"}` } },
      { projectId, id: `k-${d}`, userId: "keeps", name: "message_sent", timestamp: new Date(now.getTime() - d * DAY + 60_000), properties: {} },
    ]),
  );
  await seedTraceHistory(t.h.db, projectId, now, days, [GONE, "stays", "keeps"]);
  await exportProjectTiers(t.h.db, projectId, { now, root: warehouse.dir() });
  const compaction = await compactProject(t.h.db, projectId, { now, root: warehouse.dir() });
  expect(compaction.compacted.length).toBeGreaterThanOrEqual(8);
  await enforceRetention(t.h.db, now, 10_000, projectId);
  const projectDir = path.join(warehouse.dir(), projectId);
  const months = parquetFiles(projectDir).filter((f) => f.includes("/month="));
  expect(months.length).toBe(compaction.compacted.length);
  const theirs = (await Promise.all(months.map((f) => rowsMentioning(f, GONE)))).reduce((a, b) => a + b, 0);
  expect(theirs).toBeGreaterThan(20);
  const keepsBefore = await tierRowsMentioning(projectDir, "keeps");

  const res = await call(DELETE, `/api/v1/users/${GONE}`, { method: "DELETE", headers: bearer(other.apiKey.secretKey), params: { userId: GONE } });
  expect(res.status).toBe(200);
  expect(res.json.deleted.warm_tier_rows).toBeGreaterThanOrEqual(theirs);

  expect(await tierRowsMentioning(projectDir, GONE)).toBe(0);
  expect(await tablesMentioning(GONE)).toEqual([]);
  expect(await tierRowsMentioning(projectDir, "keeps")).toBe(keepsBefore);
  // Each month file was rewritten in place (same names), and every day row of it carries its new checksum.
  expect(parquetFiles(projectDir).filter((f) => f.includes("/month=")).sort()).toEqual(months.sort());
  const all = await t.h.db.select().from(storageManifest).where(eq(storageManifest.projectId, projectId));
  for (const m of all) expect(await fileStats(path.join(warehouse.dir(), m.path))).toEqual({ bytes: m.bytes, sha256: m.sha256 });
  // Their days are still there for the others (one "keeps" event a day): the month files' day rows count them.
  const eventDays = all.filter((m) => m.tableName === "events" && m.tier === "warm");
  expect(eventDays.reduce((s, m) => s + m.rows, 0)).toBe(days * 2 - Math.floor(days / 3));
});
