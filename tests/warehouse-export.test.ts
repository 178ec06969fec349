// The warm export: whole past UTC days of events become one Parquet file per day (written with DuckDB), recorded in
// the storage manifest with their row count, size and sha256; re-running changes nothing, a late event rewrites its day.
import { describe, expect, test } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { temporaryWarehouse } from "./support/warehouse";
import { events, storageManifest, storageManifestUsers } from "@/db/schema";
import { fileStats } from "@/lib/warehouse/files";
import { withDuckDb, literal } from "@/lib/warehouse/duckdb";
import { POST } from "@/app/api/v1/warehouse/export/route";
import { validateManifest } from "@/lib/warehouse/validate";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { WAREHOUSE_VALIDATE_REQUESTED } from "@/lib/jobs/catalog";
import { warehouseValidate } from "@/inngest/functions/warehouse-validate";
import { jobRuns } from "@/db/schema";

const t = seededDatabase();
const DAY = 86_400_000;
const warehouse = temporaryWarehouse("prism-warehouse");

/** Midnight UTC `n` days before today's (the route exports relative to the real clock, by whole days). */
const dayStart = (n: number) => new Date(Math.floor(Date.now() / DAY) * DAY - n * DAY);
const dayKey = (d: Date) => d.toISOString().slice(0, 10);

async function parquetRows(file: string) {
  return withDuckDb(async (conn) => (await conn.runAndReadAll(`select id, user_id, name, epoch_us(timestamp) as us, properties from read_parquet(${literal(file)}, hive_partitioning = false) order by id`)).getRowObjectsJS());
}

describe("POST /api/v1/warehouse/export", () => {
  test("refuses anonymous callers and roles without project:manage", async () => {
    expect((await call(POST, "/api/v1/warehouse/export", { method: "POST" })).status).toBe(401);
    expect((await call(POST, "/api/v1/warehouse/export", { method: "POST", as: t.org.users.analyst.id })).status).toBe(403);
  });

  test("writes one file per past day with exactly the hot rows, skips today, and re-running changes nothing", async () => {
    const projectId = t.org.project.id;
    const rows = [3, 2, 1, 0].flatMap((n) =>
      Array.from({ length: 5 + n }, (_, i) => ({
        projectId,
        id: `e-${n}-${i}`,
        userId: `user-${i % 3}`,
        sessionId: `s-${n}`,
        name: i % 2 ? "message_sent" : "feedback",
        // Microseconds survive: Postgres keeps them and so must the file.
        timestamp: new Date(dayStart(n).getTime() + i * 3_600_000 + 7),
        properties: { thumbs: i % 4 === 0 ? "up" : "down", n },
      })),
    );
    await t.h.db.insert(events).values(rows);
    await t.h.db.execute(`update events set timestamp = timestamp + interval '123 microseconds' where project_id = '${projectId}'`);

    const res = await call(POST, "/api/v1/warehouse/export", { method: "POST", headers: bearer(t.org.apiKey.secretKey) });
    expect(res.status).toBe(200);
    expect(res.json.export.written.map((d: { day: string }) => d.day)).toEqual([3, 2, 1].map((n) => dayKey(dayStart(n))));

    const manifest = await t.h.db.select().from(storageManifest).where(eq(storageManifest.projectId, projectId)).orderBy(storageManifest.eventDate);
    expect(manifest.map((m) => [m.eventDate, m.rows, m.tier])).toEqual([3, 2, 1].map((n) => [dayKey(dayStart(n)), 5 + n, "warm"]));
    for (const m of manifest) {
      const file = path.join(warehouse.dir(), m.path);
      expect(m.path).toBe(`${projectId}/events/event_date=${m.eventDate}/events.parquet`);
      expect(await fileStats(file)).toEqual({ bytes: m.bytes, sha256: m.sha256 });
      const inFile = await parquetRows(file);
      const n = Number(m.eventDate === dayKey(dayStart(3)) ? 3 : m.eventDate === dayKey(dayStart(2)) ? 2 : 1);
      const expected = rows.filter((r) => r.id.startsWith(`e-${n}-`)).sort((a, b) => a.id.localeCompare(b.id));
      expect(inFile.map((r) => [r.id, r.user_id, r.name, JSON.parse(String(r.properties))])).toEqual(expected.map((r) => [r.id, r.userId, r.name, r.properties]));
      expect(inFile.map((r) => BigInt(r.us as bigint) % 1000n)).toEqual(expected.map(() => 123n));
      const users = await t.h.db.select({ u: storageManifestUsers.userId }).from(storageManifestUsers).where(eq(storageManifestUsers.fileId, m.id)).orderBy(storageManifestUsers.userId);
      expect(users.map((u) => u.u)).toEqual([...new Set(expected.map((r) => r.userId))].sort());
    }
    // Today's events are not exported: the day is not over.
    expect(fs.existsSync(path.join(warehouse.dir(), projectId, "events", `event_date=${dayKey(dayStart(0))}`))).toBe(false);

    const again = await call(POST, "/api/v1/warehouse/export", { method: "POST", headers: bearer(t.org.apiKey.secretKey) });
    expect(again.json.export).toMatchObject({ written: [], unchanged: 3 });

    // A late event for two days ago: only that day is rewritten, with the new row and a new checksum.
    const before = manifest.find((m) => m.eventDate === dayKey(dayStart(2)))!;
    await t.h.db.insert(events).values({ projectId, id: "late", userId: "user-late", name: "message_sent", timestamp: new Date(dayStart(2).getTime() + 1000) });
    const late = await call(POST, "/api/v1/warehouse/export", { method: "POST", as: t.org.users.admin.id });
    expect(late.status).toBe(200);
    expect(late.json.export.written.map((d: { day: string; rows: number }) => [d.day, d.rows])).toEqual([[dayKey(dayStart(2)), 8]]);
    const [after] = await t.h.db.select().from(storageManifest).where(and(eq(storageManifest.projectId, projectId), eq(storageManifest.eventDate, before.eventDate)));
    expect(after.id).toBe(before.id);
    expect(after.sha256).not.toBe(before.sha256);
    expect((await parquetRows(path.join(warehouse.dir(), after.path))).map((r) => r.id)).toContain("late");
    // No temp files are left behind.
    const leftovers = fs.readdirSync(path.dirname(path.join(warehouse.dir(), after.path)));
    expect(leftovers).toEqual(["events.parquet"]);
  });

  test("the checksum validator passes on the written files and names a file that was altered or removed", async () => {
    const projectId = t.org.project.id;
    const runner = new EmbeddedRunner(t.h.db, [warehouseValidate], { log: () => {} });
    await runner.send({ name: WAREHOUSE_VALIDATE_REQUESTED, data: { projectId }, id: "validate-1" });
    await runner.drain();
    const [run] = await t.h.db.select().from(jobRuns).where(eq(jobRuns.functionId, "warehouse-validate"));
    expect(run.status).toBe("succeeded");
    expect(run.result).toMatchObject({ checked: 3, problems: [] });

    const files = await t.h.db.select().from(storageManifest).where(eq(storageManifest.projectId, projectId)).orderBy(storageManifest.eventDate);
    const altered = path.join(warehouse.dir(), files[0].path);
    const bytes = fs.readFileSync(altered);
    bytes[bytes.length - 10] ^= 0xff; // same size, one flipped byte
    fs.writeFileSync(altered, bytes);
    fs.rmSync(path.join(warehouse.dir(), files[1].path));
    const result = await validateManifest(t.h.db, projectId);
    expect(result.problems.map((p) => [p.path, p.problem])).toEqual([
      [files[0].path, "checksum"],
      [files[1].path, "missing"],
    ]);
  });
});
