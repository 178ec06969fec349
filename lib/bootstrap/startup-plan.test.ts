// The decision of what start-up creates and when it warns (issue 12 finding 4), as pure functions.
import { expect, test } from "vitest";
import type { Env } from "@/lib/env";
import { exposureWarning, isLoopbackHost, listenHostOf, planStartup } from "./startup-plan";

const plan = (over: Partial<Env>) => planStartup({ ...over } as Env);

test("demo data only on the embedded default, or when PRISM_DEMO_DATA=true asks for it", () => {
  expect(plan({}).demoData).toBe(true);
  expect(plan({ DATABASE_URL: "postgres://db/prism" })).toMatchObject({ demoData: false, why: expect.stringMatching(/DATABASE_URL/) });
  expect(plan({ PRISM_INIT_ORG_NAME: "Acme" })).toMatchObject({ demoData: false, why: expect.stringMatching(/PRISM_INIT_/) });
  expect(plan({ PRISM_INIT_USER_EMAIL: "a@b.co", PRISM_INIT_USER_PASSWORD: "x" }).demoData).toBe(false);
  expect(plan({ PRISM_DEMO_DATA: "false" }).demoData).toBe(false);
  expect(plan({ DATABASE_URL: "postgres://db/prism", PRISM_DEMO_DATA: "true" }).demoData).toBe(true);
  expect(plan({ PRISM_INIT_ORG_NAME: "Acme", PRISM_DEMO_DATA: "true" }).demoData).toBe(true);
});

test("loopback hosts are told apart from addresses other machines reach", () => {
  for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "LOCALHOST"]) expect(isLoopbackHost(h), h).toBe(true);
  for (const h of ["0.0.0.0", "::", "192.168.1.10", "10.0.0.2", "prism.example.com", "128.0.0.1"]) expect(isLoopbackHost(h), h).toBe(false);
});

test("the listen address: PRISM_HOST, else HOSTNAME, else Next's every-interface default", () => {
  expect(listenHostOf({ PRISM_HOST: "127.0.0.1", HOSTNAME: "0.0.0.0" })).toBe("127.0.0.1");
  expect(listenHostOf({ HOSTNAME: "0.0.0.0" })).toBe("0.0.0.0");
  expect(listenHostOf({})).toBe("0.0.0.0");
});

test("a warning only when a demo login exists and the server faces the network", () => {
  expect(exposureWarning(true, "0.0.0.0")).toMatch(/WARNING: demo logins .* listens on 0\.0\.0\.0/);
  expect(exposureWarning(true, "127.0.0.1")).toBeNull();
  expect(exposureWarning(false, "0.0.0.0")).toBeNull();
});
