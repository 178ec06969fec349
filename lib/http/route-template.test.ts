import { expect, test } from "vitest";
import { routeTemplate } from "./route-template";

test("a path becomes its route template: params by name, catch-alls by their segments, the rest unchanged", () => {
  expect(routeTemplate("/api/v1/jobs", {})).toBe("/api/v1/jobs");
  expect(routeTemplate("/api/v1/experiments/checkout-copy/assign", { key: "checkout-copy" })).toBe("/api/v1/experiments/[key]/assign");
  expect(routeTemplate("/api/v1/traces/a%20b/scores", { traceId: "a b" })).toBe("/api/v1/traces/[traceId]/scores");
  expect(routeTemplate("/api/auth/callback/github", { nextauth: ["callback", "github"] })).toBe("/api/auth/[...nextauth]");
  // A param is placed once: an id that happens to equal a later static segment does not swallow it.
  expect(routeTemplate("/api/v1/jobs/replay/replay", { runId: "replay" })).toBe("/api/v1/jobs/[runId]/replay");
});
