// The log line format a log pipeline relies on: JSON per record, ISO time, level as a word, the component, and the
// request id and job run of the work it belongs to (none outside a request, even inside one's callbacks).
import { afterEach, expect, test } from "vitest";
import { Writable } from "node:stream";
import { log, resetLogger } from "./logger";
import { currentRequestId, outsideRequestContext, requestIdFrom, withRequestContext } from "./request-context";

function collector() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

afterEach(() => resetLogger());

test("one JSON record per line with time, level word, component, request id and run id", () => {
  const { lines, destination } = collector();
  resetLogger({ level: "info", destination });
  withRequestContext({ requestId: "req-1", runId: "run-9" }, () => log("jobs").info({ step: 2 }, "claimed"));
  log("jobs").debug("below the level");
  withRequestContext({ requestId: "req-2" }, () => outsideRequestContext(() => log("timer").warn("tick")));
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatchObject({ level: "info", component: "jobs", service: "prism", requestId: "req-1", runId: "run-9", step: 2, msg: "claimed" });
  expect(Number.isNaN(Date.parse(String(lines[0].time)))).toBe(false);
  expect(lines[1]).toMatchObject({ level: "warn", component: "timer", msg: "tick" });
  expect(lines[1]).not.toHaveProperty("requestId");
});

test("a client's request id is kept only when short and plain", () => {
  expect(requestIdFrom("abc-123.x:y_z")).toBe("abc-123.x:y_z");
  for (const bad of ["has space", "x".repeat(129), "new\nline", "", null, undefined]) {
    expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
  }
  expect(currentRequestId()).toBeUndefined();
  expect(withRequestContext({ requestId: "r" }, () => currentRequestId())).toBe("r");
});
