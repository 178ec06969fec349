// Why: a member login reads an end user's private Spectrum only after that end user proves who they are (issue 12 #23).
import { expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seedOrg, seededDatabase } from "./support/fixtures";
import { inviteNewLogin } from "./support/invitations";
import { auditLog, memberships } from "@/db/schema";
import { issueLinkToken, LINK_TOKEN_TTL_MS, verifyLinkToken } from "@/lib/tenancy/end-user-link";
import * as members from "@/app/api/v1/members/route";
import * as issue from "@/app/api/v1/spectrum/users/[userId]/link/route";
import * as claim from "@/app/api/v1/spectrum/me/link/route";
import * as me from "@/app/api/v1/spectrum/me/route";

const t = seededDatabase();
const secret = () => process.env.NEXTAUTH_SECRET;

function addMemberLogin(email: string) {
  return inviteNewLogin(t.org.users.admin.id, email, "member");
}

test("an admin can no longer bind a login to an end user", async () => {
  const res = await call(members.POST, "/api/v1/members", {
    method: "POST",
    as: t.org.users.admin.id,
    body: { email: "snoop@example.test", role: "member", endUserId: "user_0001" },
  });
  expect(res.status).toBe(400);
  expect(JSON.stringify(res.json.error)).toMatch(/endUserId/);
  expect(await t.h.db.select().from(memberships).where(eq(memberships.endUserId, "user_0001"))).toHaveLength(0);
});

test("the customer's backend issues a link, the end user claims it, and the binding is audited", async () => {
  const loginId = await addMemberLogin("alice.enduser@example.test");
  expect((await call(me.GET, "/api/v1/spectrum/me", { as: loginId })).status).toBe(404); // not linked yet

  const issued = await call(issue.POST, "/x", { method: "POST", headers: bearer(t.org.apiKey.secretKey), params: { userId: "alice_42" } });
  expect(issued.status).toBe(201);
  const claimed = await call(claim.POST, "/api/v1/spectrum/me/link", { method: "POST", as: loginId, body: { token: issued.json.token } });
  expect(claimed.status).toBe(200);

  const mine = await call(me.GET, "/api/v1/spectrum/me", { as: loginId });
  expect(mine.status).toBe(200);
  expect(mine.json.userId).toBe("alice_42");
  const [entry] = await t.h.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "member.end_user_linked"), eq(auditLog.targetId, loginId)));
  expect(entry.details).toMatchObject({ endUserId: "alice_42" });
});

test("tampered, expired and foreign tokens bind nothing", async () => {
  const loginId = await addMemberLogin("mallory.enduser@example.test");
  const { token } = issueLinkToken(secret(), t.org.project.id, "victim_1");
  const [body, mac] = token.split(".");
  const forgedBody = Buffer.from(JSON.stringify({ p: t.org.project.id, u: "victim_2", e: Date.now() + 60_000 })).toString("base64url");
  const other = await seedOrg(t.h.db);
  const attempts = [
    `${forgedBody}.${mac}`,
    `${body}.${mac.slice(0, -2)}AA`,
    issueLinkToken(secret(), t.org.project.id, "victim_3", new Date(Date.now() - LINK_TOKEN_TTL_MS - 1000)).token,
    issueLinkToken(secret(), other.project.id, "victim_4").token,
    issueLinkToken("another-secret", t.org.project.id, "victim_5").token,
  ];
  for (const bad of attempts) {
    const res = await call(claim.POST, "/x", { method: "POST", as: loginId, body: { token: bad } });
    expect(res.status, bad).toBe(400);
  }
  const [row] = await t.h.db.select().from(memberships).where(eq(memberships.userId, loginId));
  expect(row.endUserId).toBeNull();
});

test("a link token expires after its lifetime (injected clock)", () => {
  const issuedAt = new Date("2026-12-01T00:00:00Z");
  const { token } = issueLinkToken(secret(), t.org.project.id, "u1", issuedAt);
  expect(verifyLinkToken(secret(), token, new Date(issuedAt.getTime() + LINK_TOKEN_TTL_MS - 1))).toMatchObject({ endUserId: "u1" });
  expect(() => verifyLinkToken(secret(), token, new Date(issuedAt.getTime() + LINK_TOKEN_TTL_MS))).toThrow(/expired/);
});

test("a dashboard login cannot claim an end user's Spectrum", async () => {
  const { token } = issueLinkToken(secret(), t.org.project.id, "user_x");
  const res = await call(claim.POST, "/x", { method: "POST", as: t.org.users.admin.id, body: { token } });
  expect(res.status).toBe(403);
});
