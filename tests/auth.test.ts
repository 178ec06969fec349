import { expect, test } from "vitest";
import { TEST_PASSWORD, seededDatabase } from "./support/fixtures";
import { authorizeCredentials, SIGN_IN_LIMIT, WRONG_CREDENTIALS } from "@/lib/auth/next-auth";

const t = seededDatabase();

test("the right password signs in; email case does not matter", async () => {
  const user = await authorizeCredentials({ email: t.org.users.analyst.email.toUpperCase(), password: TEST_PASSWORD }, "1.1.1.1");
  expect(user.id).toBe(t.org.users.analyst.id);
});

test("a wrong password and an unknown email get the same clear message", async () => {
  await expect(authorizeCredentials({ email: t.org.users.viewer.email, password: "nope" }, "1.1.1.2")).rejects.toThrow(WRONG_CREDENTIALS);
  await expect(authorizeCredentials({ email: "ghost@example.test", password: "nope" }, "1.1.1.2")).rejects.toThrow(WRONG_CREDENTIALS);
});

test("repeated attempts on one account are rate limited, even with the right password", async () => {
  const email = t.org.users.admin.email;
  for (let i = 0; i < SIGN_IN_LIMIT.limit; i++) {
    await expect(authorizeCredentials({ email, password: `wrong-${i}` }, "2.2.2.2")).rejects.toThrow(WRONG_CREDENTIALS);
  }
  await expect(authorizeCredentials({ email, password: TEST_PASSWORD }, "2.2.2.2")).rejects.toThrow(/Too many sign-in attempts\. Try again in \d+ s\./);
});
