// The anomaly feed formats whatever the API returns; a null score (Infinity stored, then JSON) must not throw.
import { expect, test } from "vitest";
import { formatMetricValue, formatScore } from "./format";

test("a missing or non-finite score renders as a dash instead of crashing the page", () => {
  expect(formatScore(4.26)).toBe("4.3");
  expect(formatScore(null)).toBe("—");
  expect(formatScore(Number.POSITIVE_INFINITY)).toBe("—");
  expect(formatMetricValue(null as unknown as number, "USD")).toBe("—");
});
