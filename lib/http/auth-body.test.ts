// next-auth's App Router handler reads `req.nextUrl.searchParams`; the rebuilt request must carry it whatever class
// the incoming request was (in the production bundle it is not this module's NextRequest).
import { expect, test } from "vitest";
import { boundedAuthRequest, MAX_AUTH_BODY_BYTES } from "./auth-body";

test("a plain Request is rebuilt as one next-auth can read: nextUrl, method, body", async () => {
  const req = new Request("http://localhost/api/auth/callback/credentials?json=true", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "email=a%40b.co&password=x",
  });
  const rebuilt = await boundedAuthRequest(req);
  if (rebuilt instanceof Response) throw new Error(`refused: ${rebuilt.status}`);
  expect(Object.fromEntries(rebuilt.nextUrl.searchParams)).toEqual({ json: "true" });
  expect(rebuilt.method).toBe("POST");
  expect(Object.fromEntries(await rebuilt.formData())).toEqual({ email: "a@b.co", password: "x" });
});

test("a body over the limit is a 413 reply", async () => {
  const req = new Request("http://localhost/api/auth/callback/credentials", { method: "POST", body: "x".repeat(MAX_AUTH_BODY_BYTES + 1) });
  const reply = await boundedAuthRequest(req);
  expect(reply).toBeInstanceOf(Response);
  expect((reply as Response).status).toBe(413);
});
