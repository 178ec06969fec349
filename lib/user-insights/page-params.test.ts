// The insight pages' URL state: defaults, repeated step parameters, breakdowns and a readable problem.
import { describe, expect, it } from "vitest";
import { funnelPageState, lifecyclePageState, retentionPageState } from "./page-params";

const now = new Date("2026-11-20T15:30:00Z");

describe("retention page state", () => {
  it("defaults to weekly retention of the most common event over the last 8 weeks", () => {
    const { input, problem } = retentionPageState({}, now, ["message_sent", "login"]);
    expect(problem).toBeNull();
    expect(input).toMatchObject({ startEvent: "message_sent", returnEvent: "message_sent", period: "week", periods: 8 });
    expect(input!.from.toISOString()).toBe("2026-09-25T00:00:00.000Z");
    expect(input!.to.toISOString()).toBe("2026-11-21T00:00:00.000Z");
  });

  it("reads every control from the URL; cohorts win over a trait breakdown", () => {
    const id = "00000000-0000-4000-8000-000000000001";
    const { input } = retentionPageState({ start: "signup", return: "login", period: "day", periods: "3", from: "2026-11-01", to: "2026-11-04", breakdown: "plan", cohort: [id] }, now, ["x"]);
    expect(input).toMatchObject({ startEvent: "signup", returnEvent: "login", period: "day", periods: 3, breakdown: [id] });
    expect(input!.from.toISOString()).toBe("2026-11-01T00:00:00.000Z");
  });

  it("says what is wrong instead of guessing", () => {
    expect(retentionPageState({ periods: "500" }, now, ["x"]).problem).toMatch(/^periods:/);
    expect(retentionPageState({ from: "2026-11-05", to: "2026-11-01" }, now, ["x"]).problem).toMatch(/^to:/);
    expect(retentionPageState({}, now, [])).toEqual({ input: null, problem: null });
  });
});

describe("funnel page state", () => {
  it("takes the steps in URL order, skipping blank optional ones", () => {
    const { input } = funnelPageState({ step: ["view", "add", "", "buy"], window: "3600" }, now);
    expect(input!.steps.map((s) => s.event)).toEqual(["view", "add", "buy"]);
    expect(input!.windowSeconds).toBe(3600);
  });

  it("needs two steps", () => {
    expect(funnelPageState({ step: "view" }, now)).toEqual({ input: null, problem: null });
  });
});

describe("lifecycle page state", () => {
  it("defaults to weekly lifecycle and stickiness of any activity over the last 8 weeks", () => {
    const { input, problem } = lifecyclePageState({}, now);
    expect(problem).toBeNull();
    expect(input!.lifecycle).toMatchObject({ event: undefined, period: "week" });
    expect(input!.stickiness.period).toBe("week");
    expect(input!.lifecycle.from.toISOString()).toBe("2026-09-25T00:00:00.000Z");
    expect(input!.lifecycle.to.toISOString()).toBe("2026-11-21T00:00:00.000Z");
  });

  it("reads the controls and reports a bad range", () => {
    const id = "00000000-0000-4000-8000-000000000001";
    const ok = lifecyclePageState({ event: "login", period: "day", per: "month", from: "2026-11-01", to: "2026-11-04", cohort: id }, now);
    expect(ok.input!.lifecycle).toMatchObject({ event: "login", period: "day", cohort: id });
    expect(ok.input!.stickiness.period).toBe("month");
    const bad = lifecyclePageState({ from: "2026-11-04", to: "2026-11-01" }, now);
    expect(bad.input).toBeNull();
    expect(bad.problem).toContain("to: must be after from");
  });
});
