// The tiers beyond events: the nightly export writes warm summaries (traces, calls, scores, exposures, Prism's call
// log, rollups; no payloads) and cold raw archives per project/day; retention then removes only written days from the
// hot tables; a restore through the API brings a range back exactly and is idempotent; the validator names a
// tampered archive; cold archives expire after their own retention period.
import { describe, expect, test } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { temporaryWarehouse } from "./support/warehouse";
import { rowsOf } from "@/db/client";
import { apiCallsLog, observations, projects, scores, spectrumTurns, storageManifest, traces } from "@/db/schema";
import { exportProjectTiers } from "@/lib/warehouse/export";
import { enforceRetention } from "@/lib/retention/store/enforce";
import { validateManifest } from "@/lib/warehouse/validate";
import { expireWarmFiles } from "@/lib/warehouse/expire";
import { literal, withDuckDb } from "@/lib/warehouse/duckdb";
import { readColdFile } from "@/lib/warehouse/cold";
import { POST as restore } from "@/app/api/v1/warehouse/restore/route";
import { seedTraceHistory } from "./support/trace-history";

const t = seededDatabase();
const DAY = 86_400_000;
const now = new Date(Math.floor(Date.now() / DAY) * DAY + DAY / 2);
const dayKey = (d: Date) => d.toISOString().slice(0, 10);
const warehouse = temporaryWarehouse("prism-cold");

/** Every raw row of the hot tables a restore must bring back, as JSON text (so any column difference shows). */
async function hotRaw(projectId: string) {
  const dump = async (table: string, order: string) =>
    rowsOf<{ j: string }>(await t.h.db.execute(sql`select row_to_json(r)::text as j from ${sql.identifier(table)} r where project_id = ${projectId} order by ${sql.raw(order)}`)).map((r) => r.j);
  return { traces: await dump("traces", "id"), observations: await dump("observations", "trace_id, id"), scores: await dump("scores", "id"), turns: await dump("spectrum_turns", "id") };
}

describe("warm summaries and the cold archive", () => {
  test("export writes every dataset per day; retention keeps unwritten days; restore brings a range back, twice harmlessly", { timeout: 180_000 }, async () => {
    const projectId = t.org.project.id;
    await t.h.db.update(projects).set({ retentionDays: 3, warmTier: true }).where(eq(projects.id, projectId));
    await seedTraceHistory(t.h.db, projectId, now, 8);
    await t.h.db.insert(apiCallsLog).values({ projectId, provider: "local", model: "m", latencyMs: 12.5, outcome: "ok", createdAt: new Date(now.getTime() - 5 * DAY) });
    const everything = await hotRaw(projectId);
    expect(everything.traces.length).toBeGreaterThan(20);

    // Before anything is written, retention with the tiers on deletes no trace.
    const [early] = await enforceRetention(t.h.db, now, 1000, projectId);
    expect(early.tracesDeleted).toBe(0);
    expect(early.deleted.spectrum_turns).toBe(0);

    const out = await exportProjectTiers(t.h.db, projectId, { now, root: warehouse.dir() });
    const pastDays = Array.from({ length: 8 }, (_, k) => dayKey(new Date(now.getTime() - (k + 1) * DAY))).sort();
    for (const name of ["traces", "observations", "scores"]) expect(out.datasets[name].map((d) => d.day)).toEqual(pastDays);
    expect(out.datasets.api_calls_log.map((d) => d.day)).toEqual([dayKey(new Date(now.getTime() - 5 * DAY))]);
    const coldTables = new Set(out.cold.map((c) => c.path.split("/")[1]));
    expect([...coldTables].sort()).toEqual(["observations_raw", "scores_raw", "spectrum_turns_raw", "traces_raw"]);

    // Warm files hold summaries only: no payload column, no payload text.
    const obsFile = path.join(warehouse.dir(), out.datasets.observations[0].path);
    const columns = await withDuckDb(async (conn) => (await conn.runAndReadAll(`describe select * from read_parquet(${literal(obsFile)})`)).getRowObjectsJS().map((r) => String(r.column_name)));
    expect(columns).toContain("cost_total");
    expect(columns).not.toContain("input");
    expect(columns).not.toContain("output");
    // Cold files hold the whole rows, payloads included.
    const coldObs = path.join(warehouse.dir(), out.cold.find((c) => c.path.includes("observations_raw"))!.path);
    const first = (await readColdFile(coldObs).next()).value!;
    expect(first.r.input).toBeTruthy();
    expect(first.u).toMatch(/^user-/);

    // The manifest: every file there with its checksum; a second export writes nothing.
    const manifest = await t.h.db.select().from(storageManifest).where(eq(storageManifest.projectId, projectId));
    expect(manifest.filter((m) => m.tier === "cold").every((m) => m.retentionClass === "raw-payload")).toBe(true);
    expect(manifest.filter((m) => m.tier === "warm").every((m) => m.retentionClass === "analytics")).toBe(true);
    expect((await validateManifest(t.h.db, projectId, warehouse.dir())).problems).toEqual([]);
    const again = await exportProjectTiers(t.h.db, projectId, { now, root: warehouse.dir() });
    expect([again.written.length, again.cold.length, ...Object.values(again.datasets).map((d) => d.length)].every((n) => n === 0)).toBe(true);

    // Retention: traces, observations, scores and turns of written days past 3 days leave the hot tables.
    const [moved] = await enforceRetention(t.h.db, now, 1000, projectId);
    const cutoffDay = new Date(Math.floor((now.getTime() - 3 * DAY) / DAY) * DAY);
    expect(moved.tracesDeleted).toBeGreaterThan(0);
    expect(moved.deleted.spectrum_turns).toBeGreaterThan(0);
    expect(await t.h.db.$count(traces, and(eq(traces.projectId, projectId), sql`${traces.timestamp} < ${cutoffDay.toISOString()}::timestamptz`))).toBe(0);
    expect(await t.h.db.$count(spectrumTurns, and(eq(spectrumTurns.projectId, projectId), sql`${spectrumTurns.timestamp} < ${cutoffDay.toISOString()}::timestamptz`))).toBe(0);

    // Restore every archived day through the API: the hot tables are exactly as before, and again changes nothing.
    const body = { from: pastDays[0], to: pastDays[pastDays.length - 1] };
    const refused = await call(restore, "/api/v1/warehouse/restore", { method: "POST", as: t.org.users.analyst.id, body });
    expect(refused.status).toBe(403);
    const bad = await call(restore, "/api/v1/warehouse/restore", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: { from: body.to, to: body.from } });
    expect(bad.status).toBe(400);
    const res = await call(restore, "/api/v1/warehouse/restore", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body });
    expect(res.status).toBe(200);
    expect(res.json.restore.inserted.traces).toBe(moved.tracesDeleted);
    expect(await hotRaw(projectId)).toEqual(everything);
    const twice = await call(restore, "/api/v1/warehouse/restore", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body });
    expect(Object.values(twice.json.restore.inserted as Record<string, number>).every((n) => n === 0)).toBe(true);
    expect(await hotRaw(projectId)).toEqual(everything);
    expect(await t.h.db.$count(observations, eq(observations.projectId, projectId))).toBe(everything.observations.length);
    expect(await t.h.db.$count(scores, eq(scores.projectId, projectId))).toBe(everything.scores.length);
  });

  test("the validator names an altered archive; cold archives expire after the cold retention period", async () => {
    const projectId = t.org.project.id;
    const [cold] = await t.h.db.select().from(storageManifest).where(and(eq(storageManifest.projectId, projectId), eq(storageManifest.tier, "cold"))).orderBy(storageManifest.eventDate).limit(1);
    const file = path.join(warehouse.dir(), cold.path);
    const original = fs.readFileSync(file);
    fs.appendFileSync(file, "x");
    const v = await validateManifest(t.h.db, projectId, warehouse.dir());
    expect(v.problems).toEqual([{ projectId, fileId: cold.id, path: cold.path, problem: "size" }]);
    fs.writeFileSync(file, original);
    expect((await validateManifest(t.h.db, projectId, warehouse.dir())).problems).toEqual([]);

    // Warm retention long, cold retention 4 days: only cold archives of days ending 4+ days ago go.
    await t.h.db.update(projects).set({ warmRetentionDays: 3650, coldRetentionDays: 4 }).where(eq(projects.id, projectId));
    const files = await t.h.db.select().from(storageManifest).where(eq(storageManifest.projectId, projectId));
    const expired = files.filter((f) => f.tier === "cold" && Date.parse(`${f.eventDate}T00:00:00Z`) + DAY <= now.getTime() - 4 * DAY);
    expect(expired.length).toBeGreaterThan(3);
    expect(await expireWarmFiles(t.h.db, now, projectId, warehouse.dir())).toBe(expired.length);
    for (const f of expired) expect(fs.existsSync(path.join(warehouse.dir(), f.path))).toBe(false);
    expect(await t.h.db.$count(storageManifest, and(eq(storageManifest.projectId, projectId), eq(storageManifest.tier, "warm")))).toBe(files.filter((f) => f.tier === "warm").length);
  });
});
