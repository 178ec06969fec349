// An unhandled error becomes a bare 500 for the client, and its log line carries no payload: a failed query's message
// lists the parameters it was writing (user ids, metadata), so only the class, code and frames are logged.
import { expect, test } from "vitest";
import { toErrorResponse } from "./errors";
import { collectLogs } from "@/tests/support/logs";


test("a failed query is a 500 without details, and the log names its class and code but none of its parameters", async () => {
  const records = collectLogs();
  const cause = Object.assign(new Error('value too long for type character varying(200): "user-4471 jane@example.com"'), { code: "22001", name: "PostgresError" });
  const err = new Error('Failed query: insert into "events" ... params: user-4471,jane@example.com,{"plan":"pro"}', { cause });

  const res = toErrorResponse(err);

  expect(res.status).toBe(500);
  expect(await res.json()).toEqual({ error: { code: "internal", message: "Internal server error" } });
  const log = JSON.stringify(records);
  expect(log).toContain("PostgresError 22001");
  expect(log).not.toMatch(/user-4471|jane@example\.com|plan|Failed query/);
});
