// The compiled contract: violations name the property; `$` keys (the clients' own) are outside every schema.
import { describe, expect, test } from "vitest";
import { compileContract } from "./contract";
import { catalogSchema } from "./definition";

const contract = compileContract(
  catalogSchema.parse({
    mode: "enforce",
    events: [{ name: "checkout", schema: { type: "object", required: ["plan"], additionalProperties: false, properties: { plan: { enum: ["free", "pro"] } } } }],
  }),
);

describe("compileContract", () => {
  test("a violation names the property and the rule", () => {
    expect(contract.check("checkout", { plan: "gold" }).violations).toEqual(['properties.plan: must be one of "free", "pro"']);
    expect(contract.check("checkout", {}).violations).toEqual(["properties.plan: is required"]);
    expect(contract.check("checkout", { plan: "pro", coupon: "X" }).violations).toEqual(["properties.coupon: is not allowed"]);
  });

  test("$ keys added by clients pass a closed schema, and the event's own keys are still checked", () => {
    expect(contract.check("checkout", { plan: "pro", $sample_rate: 0.2, $anon_id: "a", $source: "browser" })).toEqual({ known: true, violations: [] });
    expect(contract.check("checkout", { plan: "gold", $source: "browser" }).violations).toHaveLength(1);
  });

  test("an event the catalog does not name is unknown", () => {
    expect(contract.check("other", {})).toEqual({ known: false, violations: [] });
  });
});
