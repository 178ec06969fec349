// Contract tests: every event the demo generator emits (product events and the Spectrum upgrade event) validates
// against the shipped catalog/demo.yaml, and the demo's metric roles are today's names. Prism's own dashboard
// telemetry is checked against catalog/prism.yaml in tests/self-telemetry.test.ts.
import { describe, expect, test } from "vitest";
import { generateDemoData } from "@/lib/demo/generate";
import { compileContract } from "@/lib/catalog/contract";
import { DEFAULT_ROLES, rolesOf } from "@/lib/catalog/definition";
import { shippedCatalog } from "@/lib/catalog/shipped";
import { PLAN_UPGRADED_EVENT } from "@/lib/spectrum/store/engagement";

const catalog = shippedCatalog("demo");
const contract = compileContract(catalog);

describe("catalog/demo.yaml", () => {
  test("every event of two demo seeds validates, and every name is in the catalog", () => {
    const names = new Map<string, number>();
    for (const seed of [1, 7]) {
      const { events } = generateDemoData({ seed, days: 60, users: 80, anchor: new Date("2026-11-01T00:00:00Z") });
      expect(events.length).toBeGreaterThan(1000);
      for (const e of events) {
        const verdict = contract.check(e.name, e.properties);
        expect(verdict, `${e.name} ${JSON.stringify(e.properties)}`).toEqual({ known: true, violations: [] });
        names.set(e.name, (names.get(e.name) ?? 0) + 1);
      }
    }
    // The generator emits all four product events; a catalog entry nobody sends would be a stale contract.
    expect([...names.keys()].sort()).toEqual(["error", "feedback", "message_sent", "session_started"]);
    // The Spectrum demo's upgrade (lib/demo/spectrum-engagement.ts) is the conversion.
    expect(contract.check(PLAN_UPGRADED_EVENT, { from: "free", to: "pro" })).toEqual({ known: true, violations: [] });
  });

  test("the contract catches what the demo would never send", () => {
    expect(contract.check("message_sent", { latencyMs: 1.5 }).violations).toEqual(["properties.latencyMs: must be integer"]);
    expect(contract.check("feedback", { thumbs: "up", comment: "x" }).violations).toEqual(["properties.comment: is not allowed"]);
  });

  test("the demo's roles are today's built-in names, plus plan_upgraded as the conversion", () => {
    expect(rolesOf(catalog)).toEqual({ ...DEFAULT_ROLES, conversion: PLAN_UPGRADED_EVENT });
  });
});
