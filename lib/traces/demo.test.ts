import { describe, expect, it } from "vitest";
import { generateDemoTraces } from "./demo";

describe("demo traces", () => {
  const anchor = new Date("2026-11-20T12:00:00Z");
  const a = generateDemoTraces({ seed: 3, anchor });

  it("are deterministic for a seed and anchor", () => {
    expect(generateDemoTraces({ seed: 3, anchor })).toEqual(a);
    expect(generateDemoTraces({ seed: 4, anchor }).traces[0].id).not.toBe(a.traces[0].id);
  });

  it("look like real traffic: several apps and models, nested spans, errors, slow outliers, all model calls priced", () => {
    expect(a.traces.length).toBeGreaterThan(300);
    expect(new Set(a.traces.map((t) => t.name))).toEqual(new Set(["support-chat", "sql-agent", "summarize-document"]));
    const models = new Set(a.observations.map((o) => o.model).filter(Boolean));
    expect(models.size).toBeGreaterThanOrEqual(4);
    expect(a.observations.some((o) => o.type === "tool") && a.observations.some((o) => o.type === "retrieval")).toBe(true);
    expect(a.observations.filter((o) => o.level === "ERROR").length).toBeGreaterThan(5);
    expect(a.traces.filter((t) => t.tags.includes("slow")).length).toBeGreaterThan(3);
    const unpriced = a.observations.filter((o) => (o.type === "generation" || o.type === "embedding") && o.usage && !o.cost);
    expect(unpriced.map((o) => o.model)).toEqual([]);
    expect(a.traces.every((t) => t.timestamp.getTime() < anchor.getTime())).toBe(true);
    const ids = new Set(a.observations.map((o) => o.id));
    expect(a.observations.every((o) => o.parentObservationId === null || ids.has(o.parentObservationId))).toBe(true);
  });
});
