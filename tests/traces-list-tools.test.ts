// The trace list's reading aids (issue 18): the total count of matching traces above the table, one-line
// input/output previews, and the trace's own input/output on its page, against real ingested traces and queries.
import { beforeAll, expect, test } from "vitest";
import { bearer, call, seededDatabase } from "./support/fixtures";
import * as ingest from "@/app/api/v1/ingest/route";
import * as list from "@/app/api/v1/traces/route";
import * as detail from "@/app/api/v1/traces/[traceId]/route";
import { countTraces, listTraces, PREVIEW_MAX, traceListQuerySchema } from "@/lib/traces/store/list-traces";

const t = seededDatabase();
const base = Date.parse("2026-11-22T08:00:00.000Z");
const at = (s: number) => new Date(base + s * 1000).toISOString();
/** A range's end is exclusive ([from, to)): the end that still holds the trace at `at(s)`. */
const through = (s: number) => new Date(base + s * 1000 + 1).toISOString();
const query = (q: Record<string, string>) => traceListQuerySchema.parse(q);
const longQuestion = `Please compare these plans:\n${"Pro Team Enterprise ".repeat(80)}`;

beforeAll(async () => {
  const batch = Array.from({ length: 23 }, (_, i) => [
    { id: `tr${i}`, type: "trace-create", timestamp: at(i), body: { name: i % 3 === 0 ? "search" : "chat", userId: `u${i % 4}`, sessionId: `s${i % 5}`, timestamp: at(i) } },
    {
      id: `tr${i}-root`,
      type: "observation-create",
      timestamp: at(i),
      body: {
        traceId: `tr${i}`,
        type: "agent",
        name: "agent",
        startTime: at(i),
        endTime: at(i + 1),
        input: i === 0 ? [{ role: "system", content: "Be brief." }, { role: "user", content: longQuestion }] : { query: `question ${i}` },
        output: i === 0 ? { role: "assistant", content: "Pro.\nIt fits." } : undefined,
      },
    },
  ]).flat();
  const res = await call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: { batch } });
  expect(res.json.errors).toEqual([]);
});

test("the total count is the number of traces the filters match, however many pages they take", async () => {
  const cases: Record<string, string>[] = [{}, { name: "search" }, { userId: "u1" }, { sessionId: "s2", name: "chat" }, { from: at(10), to: at(14) }, { userId: "nobody" }];
  for (const filters of cases) {
    const q = query({ ...filters, limit: "4" });
    let seen = 0;
    let cursor: string | undefined;
    do {
      const page = await listTraces(t.h.db, t.org.project.id, { ...q, cursor });
      seen += page.items.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // The cursor of a later page does not change the total.
    expect(await countTraces(t.h.db, t.org.project.id, { ...q, cursor: "ignored" }), JSON.stringify(filters)).toEqual({ count: seen, capped: false });
  }
  expect((await countTraces(t.h.db, t.org.project.id, query({}))).count).toBe(23);
  expect((await countTraces(t.h.db, t.org.project.id, query({ name: "search" }))).count).toBe(8);
});

test("each listed trace carries its input and output as one line of text, cut at the preview length", async () => {
  const page = await listTraces(t.h.db, t.org.project.id, query({ to: through(0) }));
  expect(page.items.map((x) => x.id)).toEqual(["tr0"]);
  const [first] = page.items;
  // The user's words, not the system prompt, folded to one line and cut with an ellipsis.
  expect(first.input!.startsWith("Please compare these plans: Pro Team Enterprise")).toBe(true);
  expect(first.input).not.toContain("\n");
  expect(first.input!.length).toBeLessThanOrEqual(PREVIEW_MAX);
  expect(first.input!.length).toBeGreaterThan(PREVIEW_MAX * 0.9);
  expect(first.input).toMatch(/(Pro|Team|Enterprise)…$/);
  expect(first.input!.endsWith("…")).toBe(true);
  expect(first.output).toBe("Pro. It fits.");
  const other = (await listTraces(t.h.db, t.org.project.id, query({ from: at(5), to: through(5) }))).items[0];
  expect(other).toMatchObject({ id: "tr5", input: "question 5", output: null });
  // The public list API returns the same previews.
  const api = await call(list.GET, `/api/v1/traces?from=2026-11-01&to=${encodeURIComponent(through(0))}`, { headers: bearer(t.org.apiKey.secretKey) });
  expect(api.json.data[0]).toMatchObject({ id: "tr0", input: first.input, output: "Pro. It fits." });
});

test("a trace's own input and output (its root's) head the trace detail, as the payloads were sent", async () => {
  const res = await call(detail.GET, "/api/v1/traces/tr0", { headers: bearer(t.org.apiKey.secretKey), params: { traceId: "tr0" } });
  expect(res.status).toBe(200);
  expect(res.json.input).toEqual([{ role: "system", content: "Be brief." }, { role: "user", content: longQuestion }]);
  expect(res.json.output).toEqual({ role: "assistant", content: "Pro.\nIt fits." });
  const noOutput = await call(detail.GET, "/api/v1/traces/tr5", { headers: bearer(t.org.apiKey.secretKey), params: { traceId: "tr5" } });
  expect(noOutput.json).toMatchObject({ input: { query: "question 5" }, output: null });
});
