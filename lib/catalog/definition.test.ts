import { describe, expect, test } from "vitest";
import { catalogToYaml, parseCatalogText } from "./document";
import { compileContract } from "./contract";
import { DEFAULT_ROLES, rolesOf } from "./definition";

const yaml = `
mode: enforce
events:
  - name: chat.turn
    role: message
    owner: growth
    samplingRate: 0.5
    schema:
      type: object
      required: [latencyMs]
      properties:
        latencyMs: { type: number, minimum: 0 }
        model: { type: string, enum: [a, b] }
`;

describe("catalog documents", () => {
  test("YAML parses, gets defaults, and round-trips through catalogToYaml", () => {
    const c = parseCatalogText(yaml);
    expect(c.events[0]).toMatchObject({ name: "chat.turn", role: "message", description: "", samplingRate: 0.5 });
    expect(parseCatalogText(catalogToYaml(c))).toEqual(c);
  });

  test("roles default to today's names and the catalog overrides them one by one", () => {
    expect(rolesOf({ events: [] })).toEqual(DEFAULT_ROLES);
    expect(rolesOf(parseCatalogText(yaml))).toEqual({ ...DEFAULT_ROLES, message: "chat.turn" });
  });

  test("errors name the place: bad YAML by line, bad field by path, bad JSON Schema by event", () => {
    expect(() => parseCatalogText("mode: [warn")).toThrow(/not valid YAML or JSON \(line 1/);
    expect(() => parseCatalogText("mode: loud")).toThrow(/^mode: /);
    expect(() => parseCatalogText("events: [{ name: a, samplingRate: 2 }]")).toThrow(/events\.0\.samplingRate: must be between 0 and 1/);
    expect(() => parseCatalogText("events: [{ name: ok }, { name: bad, schema: { type: objekt } }]")).toThrow(/events\.1\.schema: the JSON Schema of "bad" is invalid/);
    expect(() => parseCatalogText("events: [{ name: a, role: message }, { name: b, role: message }]")).toThrow(/already the role of "a"/);
    expect(() => parseCatalogText("events: [{ name: a }, { name: a }]")).toThrow(/defined twice/);
  });

  test("the compiled contract names the property that fails and tells unknown events apart", () => {
    const contract = compileContract(parseCatalogText(yaml));
    expect(contract.check("chat.turn", { latencyMs: 3 })).toEqual({ known: true, violations: [] });
    expect(contract.check("chat.turn", { latencyMs: "slow" }).violations).toEqual(["properties.latencyMs: must be number"]);
    expect(contract.check("chat.turn", {}).violations).toEqual(["properties.latencyMs: is required"]);
    expect(contract.check("chat.turn", { latencyMs: 1, model: "c" }).violations).toEqual(['properties.model: must be one of "a", "b"']);
    expect(contract.check("other", {})).toEqual({ known: false, violations: [] });
  });
});
