// The warm trace summaries gained `persona` and `tags` (the preference profile past hot retention). Files written
// before hold neither: they must stay readable (Costs over a mix of both kinds, before and after retention), be merged
// when their day is re-exported, be compacted with newer files into one month, and give the profile their trace names
// (intents) but no personas or tags (they have none to give), while the newer files give all three.
import { expect, test } from "vitest";
import { and, eq, lt, sql } from "drizzle-orm";
import { seededDatabase } from "./support/fixtures";
import { temporaryWarehouse } from "./support/warehouse";
import { rounded, seedTraceHistory } from "./support/trace-history";
import { projects, traces } from "@/db/schema";
import { exportProjectTiers } from "@/lib/warehouse/export";
import { enforceRetention } from "@/lib/retention/store/enforce";
import { compactProject } from "@/lib/warehouse/compact";
import { listFiles } from "@/lib/warehouse/store/manifest";
import { absolutePath } from "@/lib/warehouse/location";
import { literal, withDuckDb } from "@/lib/warehouse/duckdb";
import { replaceAtomically } from "@/lib/warehouse/files";
import { costReport } from "@/lib/traces/cost-report";
import { loadProfileInputs } from "@/lib/users/store/profile-inputs";

const t = seededDatabase();
const warehouse = temporaryWarehouse("prism-schema-evolution");
const DAY = 86_400_000;
// Costs reads at the real clock: the seeded history ends now.
const now = new Date();
const midnight = Math.floor(now.getTime() / DAY) * DAY;
const range = { preset: null, from: new Date(now.getTime() - 45 * DAY), to: now, compare: false } as const;
const USERS = ["user-a", "user-b", "user-c", "user-d"];
const daysAgo = (day: string) => Math.round((midnight - Date.parse(`${day}T00:00:00.000Z`)) / DAY);
const personaOf = (id: string) => `p${id.length % 3}`;
const tagOf = (id: string) => `t${id.length % 2}`;

async function parquetRows(file: string, query: string) {
  return withDuckDb(async (conn) => (await conn.runAndReadAll(query.replace("$file", `read_parquet(${literal(file)})`))).getRowObjectsJS());
}

test("warm trace files from before persona and tags stay readable, are merged, compacted and read as having neither", { timeout: 300_000 }, async () => {
  const db = t.h.db;
  const projectId = t.org.project.id;
  const root = warehouse.dir();
  const seeded = await seedTraceHistory(db, projectId, now, 40, USERS);
  await db.execute(sql`update traces set metadata = jsonb_build_object('persona', 'p' || (length(id) % 3)), tags = array['t' || (length(id) % 2)] where project_id = ${projectId}`);
  await db.update(projects).set({ warmTier: true }).where(eq(projects.id, projectId));
  await exportProjectTiers(db, projectId, { now, root });

  // Every other day from 3 days back, rewritten as an export before the columns wrote it.
  const files = await listFiles(db, projectId, "traces", "warm");
  const stripped = files.filter((f) => daysAgo(f.eventDate) >= 3 && daysAgo(f.eventDate) % 2 === 1);
  expect(stripped.length).toBeGreaterThan(15);
  for (const f of stripped) {
    const full = absolutePath(root, f.path);
    await withDuckDb((conn) => replaceAtomically(full, (tmp) => conn.run(`copy (select * exclude (persona, tags) from read_parquet(${literal(full)})) to ${literal(tmp)} (format parquet)`)));
  }
  const costs = rounded(await costReport(db, projectId, {}, range));

  // One of those days changes while hot: re-exported, merged by column name with the old file (the new columns filled).
  const day = stripped[0];
  const edited = seeded.traces.find((tr) => tr.timestamp!.toISOString().slice(0, 10) === day.eventDate)!;
  await db.update(traces).set({ tags: ["edited"] }).where(and(eq(traces.projectId, projectId), eq(traces.id, edited.id!)));
  await exportProjectTiers(db, projectId, { now, root });
  const rewritten = await parquetRows(absolutePath(root, day.path), "select id, persona, tags from $file where not sampled order by id");
  expect(rewritten.length).toBeGreaterThan(1);
  expect(rewritten.find((r) => r.id === edited.id)).toEqual({ id: edited.id, persona: personaOf(edited.id!), tags: ["edited"] });
  expect(rewritten.every((r) => r.persona === personaOf(String(r.id)))).toBe(true);
  const oldFormat = new Set(stripped.slice(1).map((f) => f.eventDate));

  // Past a 2-day hot retention the Costs board reads both kinds of file, before and after retention and compaction.
  await db.update(projects).set({ retentionDays: 2 }).where(eq(projects.id, projectId));
  expect(rounded(await costReport(db, projectId, {}, range))).toEqual(costs);
  await enforceRetention(db, now, 1000, projectId);
  expect((await db.select({ n: sql<number>`count(*)::int` }).from(traces).where(and(eq(traces.projectId, projectId), lt(traces.timestamp, new Date(midnight - 2 * DAY)))))[0].n).toBe(0);
  const compaction = await compactProject(db, projectId, { now, root });
  const month = compaction.compacted.find((c) => c.table === "traces" && [...oldFormat].some((d) => d.startsWith(c.month)))!;
  expect(month).toBeDefined();
  const merged = await parquetRows(absolutePath(root, month.path), "select count(*) filter (where tags is null) as old, count(*) filter (where tags is not null) as new from $file where not sampled");
  expect(Number(merged[0].old)).toBeGreaterThan(0);
  expect(Number(merged[0].new)).toBeGreaterThan(0);
  expect(rounded(await costReport(db, projectId, {}, range))).toEqual(costs);

  // The profile: every trace's name; persona and tags from the files that carry them and from the hot traces.
  const inputs = await loadProfileInputs(db, projectId, USERS, now, "persona", root);
  for (const userId of USERS) {
    const own = seeded.traces.filter((tr) => tr.userId === userId);
    const known = own.filter((tr) => !oldFormat.has(tr.timestamp!.toISOString().slice(0, 10)));
    const count = <T>(rows: T[], key: (r: T) => string) => {
      const m = new Map<string, number>();
      for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
      return [...m].map(([value, n]) => ({ value, count: n })).sort((a, b) => a.value.localeCompare(b.value));
    };
    const byValue = (a: { value: string }, b: { value: string }) => a.value.localeCompare(b.value);
    const mine = inputs.find((i) => i.userId === userId)!;
    expect(known.length).toBeLessThan(own.length);
    expect([...mine.names].sort(byValue)).toEqual(count(own, (tr) => tr.name!));
    expect(mine.personas.map((p) => ({ value: p.persona, count: p.traces })).sort(byValue)).toEqual(count(known, (tr) => personaOf(tr.id!)));
    expect([...mine.tags].sort(byValue)).toEqual(count(known, (tr) => (tr.id === edited.id ? "edited" : tagOf(tr.id!))));
  }
});
