// Concurrent misses share one load; a caller after an invalidation (a newer epoch) or for another scope loads anew.
import { describe, expect, test } from "vitest";
import { sharedLoads } from "./shared-loads";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("sharedLoads", () => {
  test("callers that miss together wait for one load; once it settled, the next miss loads again", async () => {
    const share = sharedLoads<string>();
    const gate = deferred<string>();
    let loads = 0;
    const load = () => (loads++, gate.promise);
    const waiting = [share("p1", 0, load), share("p1", 0, load), share("p1", 0, load)];
    expect(loads).toBe(1);
    gate.resolve("v1");
    expect(await Promise.all(waiting)).toEqual(["v1", "v1", "v1"]);
    expect(await share("p1", 0, async () => (loads++, "v2"))).toBe("v2");
    expect(loads).toBe(2);
  });

  test("a caller after an invalidation, for another key or another scope does not join a load in flight", async () => {
    const share = sharedLoads<string>();
    const gate = deferred<string>();
    const first = share("p1", 3, () => gate.promise, "db-a");
    expect(await share("p1", 4, async () => "after the change", "db-a")).toBe("after the change");
    expect(await share("p2", 3, async () => "other key", "db-a")).toBe("other key");
    expect(await share("p1", 3, async () => "other database", "db-b")).toBe("other database");
    gate.resolve("before");
    expect(await first).toBe("before");
  });

  test("a failed load fails its waiters and is not kept", async () => {
    const share = sharedLoads<string>();
    const gate = deferred<string>();
    const a = share("p1", 0, () => gate.promise);
    const b = share("p1", 0, () => Promise.resolve("unused"));
    gate.reject(new Error("connection lost"));
    await expect(a).rejects.toThrow("connection lost");
    await expect(b).rejects.toThrow("connection lost");
    expect(await share("p1", 0, async () => "retried")).toBe("retried");
  });
});
