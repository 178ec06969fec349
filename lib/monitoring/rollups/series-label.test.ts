import { expect, test } from "vitest";
import { seriesLabel } from "./series-label";

test("cohort series read as the cohort's current name; other series as dimension and value", () => {
  const names = new Map([["c1", "Power users"]]);
  expect(seriesLabel("cohort", "c1", names)).toBe("cohort Power users");
  expect(seriesLabel("cohort", "gone", names)).toBe("cohort (deleted cohort)");
  expect(seriesLabel("model", "gpt-4o", names)).toBe("model gpt-4o");
  expect(seriesLabel("all", "all", names)).toBe("all");
});
