import { expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { seededDatabase } from "./support/fixtures";
import { observations, scores } from "@/db/schema";
import { generateDemoScores, generateDemoTraces, seedDemoTraces } from "@/lib/demo/traces";
import { listScores, scoreListQuerySchema } from "@/lib/traces/store/list-scores";
import { InvalidCursorError } from "@/lib/pagination/cursor";
import { judgmentHref } from "@/components/traces/judgments-table";

const t = seededDatabase();
const anchor = new Date("2026-11-20T12:00:00Z");
const q = (over: Record<string, unknown> = {}) => scoreListQuerySchema.parse(over);

test("demo judgments are deterministic and come from an LLM judge on a share of traces", async () => {
  const data = generateDemoTraces({ seed: 5, anchor });
  const a = generateDemoScores("p", data, 5);
  expect(generateDemoScores("p", data, 5)).toEqual(a);
  const helpfulness = a.filter((s) => s.name === "helpfulness");
  expect(helpfulness.every((s) => s.source === "llm_judge" && s.value! >= 0 && s.value! <= 1 && s.observationId)).toBe(true);
  expect(helpfulness.length).toBeGreaterThan(data.traces.length * 0.3);
  expect(helpfulness.length).toBeLessThan(data.traces.length * 0.6);
  expect(new Set(a.map((s) => s.dataType))).toEqual(new Set(["numeric", "boolean", "categorical"]));
});

test("filters by name, source, data type, value range and time, with cursor pagination", async () => {
  await seedDemoTraces(t.h.db, t.org.project.id, { seed: 5, anchor });
  const p = t.org.project.id;
  const all = await t.h.db.select().from(scores).where(eq(scores.projectId, p));
  expect(all.length).toBeGreaterThan(100);

  const judged = await listScores(t.h.db, p, q({ name: "helpfulness", source: "llm_judge", minValue: "0.5", maxValue: "0.6", limit: "100" }));
  const expected = all.filter((s) => s.name === "helpfulness" && s.source === "llm_judge" && s.value! >= 0.5 && s.value! <= 0.6);
  expect(expected.length).toBeLessThan(100);
  expect(judged.items.map((s) => s.id).sort()).toEqual(expected.map((s) => s.id).sort());
  expect(judged.items.every((s) => s.traceName)).toBe(true);

  const categorical = await listScores(t.h.db, p, q({ dataType: "categorical", source: "code", limit: "100" }));
  expect(categorical.items.length).toBe(Math.min(100, all.filter((s) => s.dataType === "categorical").length));
  expect(categorical.items.every((s) => s.dataType === "categorical" && s.source === "code")).toBe(true);

  const from = new Date(anchor.getTime() - 3 * 86_400_000);
  const recent = await listScores(t.h.db, p, q({ from: from.toISOString(), limit: "100" }));
  expect(recent.items.length).toBe(Math.min(100, all.filter((s) => s.timestamp >= from).length));

  // Walking every page returns each score once, newest first.
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listScores(t.h.db, p, q({ limit: "37", ...(cursor ? { cursor } : {}) }));
    seen.push(...page.items.map((s) => s.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  expect(seen.length).toBe(all.length);
  expect(new Set(seen).size).toBe(all.length);
  await expect(listScores(t.h.db, p, q({ cursor: "nonsense" }))).rejects.toBeInstanceOf(InvalidCursorError);
});

test("a judgment links to its trace with the judged observation selected", async () => {
  const [s] = (await listScores(t.h.db, t.org.project.id, q({ name: "helpfulness", limit: "1" }))).items;
  const [obs] = await t.h.db.select().from(observations).where(and(eq(observations.projectId, t.org.project.id), eq(observations.traceId, s.traceId), eq(observations.id, s.observationId!)));
  expect(obs.type).toBe("generation");
  expect(judgmentHref(s)).toBe(`/traces/${s.traceId}?observation=${encodeURIComponent(s.observationId!)}`);
  expect(judgmentHref({ traceId: "a b", observationId: null })).toBe("/traces/a%20b");
});
