// The trace waterfall's layout: which row sits under which, in what order, and where its bar is drawn.
import { describe, expect, it } from "vitest";
import type { ObservationView } from "./types";
import { buildWaterfall, visibleRows } from "./waterfall-model";

const T0 = Date.parse("2026-11-03T10:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();

/** An observation starting `start` ms after T0 and lasting `duration` ms (null: no end recorded). */
function obs(id: string, parent: string | null, start: number, duration: number | null): ObservationView {
  return { id, parentObservationId: parent, startTime: at(start), endTime: duration === null ? null : at(start + duration) } as ObservationView;
}
const layout = (observations: ObservationView[]) =>
  buildWaterfall(observations).rows.map((r) => ({ id: r.observation.id, depth: r.depth }));

describe("buildWaterfall", () => {
  it("nests children depth-first under their parents, siblings in start order", () => {
    const w = buildWaterfall([
      obs("tool", "agent", 300, 100),
      obs("root", null, 0, 1000),
      obs("llm-2", "agent", 500, 400),
      obs("agent", "root", 100, 800),
      obs("llm-1", "agent", 150, 100),
    ]);
    expect(w.rows.map((r) => [r.observation.id, r.depth])).toEqual([
      ["root", 0],
      ["agent", 1],
      ["llm-1", 2],
      ["tool", 2],
      ["llm-2", 2],
    ]);
    expect(w.traceStart).toBe(T0);
    expect(w.totalMs).toBe(1000);
  });

  it("places each bar on the trace's shared time axis", () => {
    const w = buildWaterfall([obs("root", null, 0, 2000), obs("child", "root", 500, 1000)]);
    const child = w.rows.find((r) => r.observation.id === "child")!;
    expect(child.startMs).toBe(500);
    expect(child.durationMs).toBe(1000);
    expect(child.offset).toBeCloseTo(0.25, 10);
    expect(child.width).toBeCloseTo(0.5, 10);
  });

  it("draws an observation without an end as an open mark of zero width", () => {
    const w = buildWaterfall([obs("root", null, 0, 1000), obs("open", "root", 400, null)]);
    const open = w.rows.find((r) => r.observation.id === "open")!;
    expect(open.durationMs).toBeNull();
    expect(open.width).toBe(0);
    expect(open.offset).toBeCloseTo(0.4, 10);
  });

  it("gives a trace of one instant full-width bars rather than dividing by zero", () => {
    const w = buildWaterfall([obs("a", null, 0, 0), obs("b", "a", 0, null)]);
    expect(w.totalMs).toBe(0);
    expect(w.rows.map((r) => [r.offset, r.width])).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });

  it("shows children of a parent that never arrived as roots instead of hiding them", () => {
    expect(layout([obs("root", null, 0, 100), obs("orphan", "missing", 50, 10), obs("kid", "orphan", 60, 5)])).toEqual([
      { id: "root", depth: 0 },
      { id: "orphan", depth: 0 },
      { id: "kid", depth: 1 },
    ]);
  });

  it("keeps every observation of a parent cycle, and one that names itself as parent, exactly once", () => {
    const rows = layout([obs("root", null, 0, 100), obs("a", "b", 10, 10), obs("b", "a", 20, 10), obs("self", "self", 30, 10)]);
    expect(rows.map((r) => r.id).sort()).toEqual(["a", "b", "root", "self"]);
    expect(rows.find((r) => r.id === "self")).toEqual({ id: "self", depth: 0 });
  });

  it("orders siblings that start together by id, so the layout is stable", () => {
    expect(layout([obs("root", null, 0, 100), obs("z", "root", 10, 5), obs("m", "root", 10, 5)]).map((r) => r.id)).toEqual(["root", "m", "z"]);
  });

  it("is empty for a trace without observations", () => {
    expect(buildWaterfall([])).toEqual({ rows: [], traceStart: 0, totalMs: 0 });
  });
});

describe("visibleRows", () => {
  const tree = () =>
    buildWaterfall([
      { ...obs("root", null, 0, 1000), name: "chat", type: "agent" },
      { ...obs("agent", "root", 100, 800), name: "planner", type: "agent" },
      { ...obs("llm-1", "agent", 150, 100), name: "llm", type: "generation", model: "gpt-4o", input: [{ role: "user", content: "Refund order 42" }] },
      { ...obs("tool", "agent", 300, 100), name: "lookup_order", type: "tool", output: { status: "shipped" } },
      { ...obs("answer", "root", 900, 50), name: "llm", type: "generation", model: "claude" },
    ] as ObservationView[]).rows;
  const ids = (v: { row: { observation: { id: string } } }[]) => v.map((x) => x.row.observation.id);

  it("shows every row, each knowing how many rows sit below it", () => {
    const v = visibleRows(tree(), new Set(), "");
    expect(v.map((x) => [x.row.observation.id, x.descendants, x.match])).toEqual([
      ["root", 4, false],
      ["agent", 2, false],
      ["llm-1", 0, false],
      ["tool", 0, false],
      ["answer", 0, false],
    ]);
  });

  it("a collapsed sub-tree hides its rows and keeps its own; collapsing a leaf changes nothing", () => {
    const v = visibleRows(tree(), new Set(["agent", "answer"]), "");
    expect(ids(v)).toEqual(["root", "agent", "answer"]);
    expect(v.find((x) => x.row.observation.id === "agent")).toMatchObject({ collapsed: true, descendants: 2 });
    expect(v.find((x) => x.row.observation.id === "answer")?.collapsed).toBe(false);
    expect(ids(visibleRows(tree(), new Set(["root"]), ""))).toEqual(["root"]);
  });

  it("a search keeps the matches (by name, model or payload, any case) with their ancestors, even inside a collapsed sub-tree", () => {
    const byPayload = visibleRows(tree(), new Set(["root"]), "REFUND");
    expect(byPayload.map((x) => [x.row.observation.id, x.match])).toEqual([
      ["root", false],
      ["agent", false],
      ["llm-1", true],
    ]);
    expect(ids(visibleRows(tree(), new Set(), "shipped"))).toEqual(["root", "agent", "tool"]);
    expect(visibleRows(tree(), new Set(), "claude").filter((x) => x.match).map((x) => x.row.observation.id)).toEqual(["answer"]);
    expect(visibleRows(tree(), new Set(), "llm").filter((x) => x.match).map((x) => x.row.observation.id)).toEqual(["llm-1", "answer"]);
    expect(visibleRows(tree(), new Set(), "nothing like this")).toEqual([]);
  });
});
