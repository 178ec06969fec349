import { describe, expect, it } from "vitest";
import { generateDemoTraces, LATENCY_INCIDENT_FACTOR, latencyIncidentStart } from "./traces";

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

  it("span four weeks; the history did not change the last two weeks, and one day has the injected latency incident", () => {
    const DAY = 86_400_000;
    const oldest = Math.min(...a.traces.map((t) => t.timestamp.getTime()));
    expect(anchor.getTime() - oldest).toBeGreaterThan(27 * DAY);
    const recent = generateDemoTraces({ seed: 3, anchor, historyDays: 0 });
    expect(a.traces.slice(0, recent.traces.length)).toEqual(recent.traces);
    expect(recent.traces.every((t) => t.timestamp.getTime() > anchor.getTime() - 15 * DAY)).toBe(true);

    // Every model call that day takes LATENCY_INCIDENT_FACTOR times as long: median call duration per model.
    const from = latencyIncidentStart(anchor).getTime();
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const calls = (inside: boolean, model: string) =>
      a.observations
        .filter((o) => o.model === model && o.type === "generation" && o.level !== "ERROR")
        .filter((o) => (o.startTime.getTime() >= from && o.startTime.getTime() < from + DAY) === inside)
        .map((o) => o.endTime!.getTime() - o.startTime.getTime());
    for (const model of ["gpt-4o-mini", "gpt-4.1"]) {
      expect(calls(true, model).length).toBeGreaterThan(3);
      expect(median(calls(true, model))).toBeGreaterThan((LATENCY_INCIDENT_FACTOR / 2) * median(calls(false, model)));
    }
  });
});
