import { describe, expect, test } from "vitest";
import { evidenceLabel } from "./evidence-label";

describe("evidenceLabel", () => {
  test("field names read as words; a score's own name is kept as written", () => {
    expect(evidenceLabel("negativeShareAfterFailure")).toBe("Negative share after failure");
    expect(evidenceLabel("pValue")).toBe("p-value");
    expect(evidenceLabel("controlN")).toBe("Control n");
    expect(evidenceLabel("costPerTrace")).toBe("Cost per trace");
    expect(evidenceLabel("helpfulness.diffLow90")).toBe("helpfulness: diff low 90");
    expect(evidenceLabel("user_rating.cheaperMean")).toBe("user_rating: cheaper mean");
    expect(evidenceLabel("lift")).toBe("Lift");
  });
});
