// Why: sign-in checks passwords and throttles guessing per (account, client) without locking the owner out (issue 12 #8).
import { afterEach, expect, test } from "vitest";
import { NextRequest } from "next/server";
import { TEST_PASSWORD, seededDatabase } from "./support/fixtures";
import { authorizeCredentials, signInClient, WRONG_CREDENTIALS } from "@/lib/auth/next-auth";
import { SIGN_IN_LIMITS, throttleCredentialsCallback } from "@/lib/auth/sign-in-throttle";
import { getCacheStore } from "@/lib/cache/store";
import { resetEnvCache } from "@/lib/env";
import * as nextauthRoute from "@/app/api/auth/[...nextauth]/route";

const t = seededDatabase();

afterEach(() => {
  delete process.env.PRISM_TRUSTED_PROXIES;
  resetEnvCache();
});

function trustProxies(hops: string) {
  process.env.PRISM_TRUSTED_PROXIES = hops;
  resetEnvCache();
}

function credentialsRequest(email: string, forwardedFor: string, password = "wrong") {
  const body = new URLSearchParams({ email, password, csrfToken: "x", json: "true" });
  return new NextRequest("http://localhost:3000/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forwardedFor },
    body,
  });
}

/** One sign-in attempt as the route sees it: the status the throttle answers with, or "passed" to next-auth. */
async function attempt(email: string, forwardedFor: string) {
  const res = await throttleCredentialsCallback(credentialsRequest(email, forwardedFor), await getCacheStore(), signInClient(forwardedFor));
  return res ? res.status : "passed";
}

async function fail(email: string, forwardedFor: string, times: number) {
  for (let i = 0; i < times; i++) {
    expect(await attempt(email, forwardedFor)).toBe("passed");
    await expect(authorizeCredentials({ email, password: `wrong-${i}` }, signInClient(forwardedFor))).rejects.toThrow(WRONG_CREDENTIALS);
  }
}

test("the right password signs in; email case does not matter", async () => {
  const user = await authorizeCredentials({ email: t.org.users.analyst.email.toUpperCase(), password: TEST_PASSWORD }, signInClient("1.1.1.1"));
  expect(user.id).toBe(t.org.users.analyst.id);
});

test("a wrong password and an unknown email get the same clear message", async () => {
  await expect(authorizeCredentials({ email: t.org.users.viewer.email, password: "nope" }, signInClient("1.1.1.2"))).rejects.toThrow(WRONG_CREDENTIALS);
  await expect(authorizeCredentials({ email: "ghost@example.test", password: "nope" }, signInClient("1.1.1.2"))).rejects.toThrow(WRONG_CREDENTIALS);
});

test("ten wrong passwords block that client with 429 and Retry-After, while the owner signs in from elsewhere", async () => {
  trustProxies("1");
  const email = t.org.users.admin.email;
  await fail(email, "2.2.2.2", SIGN_IN_LIMITS.accountAndClient.limit);

  const blocked = await nextauthRoute.POST(credentialsRequest(email, "2.2.2.2", TEST_PASSWORD), { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) });
  expect(blocked.status).toBe(429);
  const retryAfter = Number(blocked.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_LIMITS.accountAndClient.windowMs / 1000);
  // next-auth's client reads the error from `url`, so the sign-in form shows the wait.
  expect(new URL((await blocked.json()).url).searchParams.get("error")).toMatch(/Too many sign-in attempts\. Try again in \d+ s\./);

  expect(await attempt(email, "3.3.3.3")).toBe("passed");
  const user = await authorizeCredentials({ email, password: TEST_PASSWORD }, signInClient("3.3.3.3"));
  expect(user.id).toBe(t.org.users.admin.id);
});

test("only failures accumulate: a successful sign-in clears that client's count", async () => {
  trustProxies("1");
  const email = t.org.users.viewer.email;
  await fail(email, "4.4.4.4", SIGN_IN_LIMITS.accountAndClient.limit - 1);
  expect(await attempt(email, "4.4.4.4")).toBe("passed");
  await authorizeCredentials({ email, password: TEST_PASSWORD }, signInClient("4.4.4.4"));
  await fail(email, "4.4.4.4", SIGN_IN_LIMITS.accountAndClient.limit);
  expect(await attempt(email, "4.4.4.4")).toBe(429);
});

test("behind one trusted proxy, forged X-Forwarded-For entries do not make a new client", async () => {
  trustProxies("1");
  const email = t.org.users.analyst.email;
  for (let i = 0; i < SIGN_IN_LIMITS.accountAndClient.limit; i++) expect(await attempt(email, `9.9.${i}.1, 5.5.5.5`)).toBe("passed");
  expect(await attempt(email, "10.10.10.10, 5.5.5.5")).toBe(429);
});

test("one trusted address guessing across many accounts is limited", async () => {
  trustProxies("1");
  for (let i = 0; i < SIGN_IN_LIMITS.client.limit; i++) expect(await attempt(`nobody${i}@example.test`, "6.6.6.6")).toBe("passed");
  expect(await attempt("someone.else@example.test", "6.6.6.6")).toBe(429);
  expect(await attempt("someone.else@example.test", "7.7.7.7")).toBe("passed");
});

test("with no trusted proxy, a rotating X-Forwarded-For still meets the per-account bound", async () => {
  const email = t.org.users.owner.email;
  for (let i = 0; i < SIGN_IN_LIMITS.account.limit; i++) expect(await attempt(email, `8.${i >> 8}.${i & 255}.1`)).toBe("passed");
  expect(await attempt(email, "8.8.8.8")).toBe(429);
});
