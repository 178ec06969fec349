// Cross-site request forgery (issue 12 #6): a signed-in admin's browser must not be usable to invite an attacker.
// Form posts cannot send application/json, so a JSON body in a text/plain form is refused (415) even from the same
// site, and a session mutation whose Origin is another site is refused (403) whatever its content type.
import { expect, test } from "@playwright/test";
import { signInAndLand } from "./helpers";

async function pendingInvitations(page: import("@playwright/test").Page): Promise<string[]> {
  const res = await page.request.get("/api/v1/invitations");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { invitations: { email: string }[] };
  return body.invitations.map((i) => i.email);
}

test("a text/plain form carrying a JSON body is refused and invites nobody", async ({ page }) => {
  await signInAndLand(page, "admin");
  // The attack page: an auto-submitting form whose single field spells out a JSON document.
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/v1/members") && r.request().method() === "POST"),
    page.evaluate(() => {
      // Posted into a hidden frame, as an attack page would: the page itself never navigates to the error reply
      // (a top-level navigation to it could leave the context hanging at teardown).
      const frame = document.createElement("iframe");
      frame.name = "attack-frame";
      frame.hidden = true;
      document.body.appendChild(frame);
      const form = document.createElement("form");
      form.method = "POST";
      form.action = "/api/v1/members";
      form.target = "attack-frame";
      form.enctype = "text/plain";
      const input = document.createElement("input");
      input.name = '{"email":"attacker@evil.test","role":"admin","x":"';
      input.value = '"}';
      form.appendChild(input);
      document.body.appendChild(form);
      form.submit();
    }),
  ]);
  expect(response.status()).toBe(415);
  expect(await pendingInvitations(page)).not.toContain("attacker@evil.test");
});

test("a session mutation from another site is refused even with a JSON content type", async ({ page }) => {
  await signInAndLand(page, "admin");
  const res = await page.request.post("/api/v1/members", {
    headers: { "content-type": "application/json", origin: "https://evil.test", "sec-fetch-site": "cross-site" },
    data: { email: "attacker@evil.test", role: "admin" },
  });
  expect(res.status()).toBe(403);
  expect(await pendingInvitations(page)).not.toContain("attacker@evil.test");
});
