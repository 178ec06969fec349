// Why: adding a member must neither reveal whether an account exists elsewhere nor attach anyone without consent
// (issue 12 #16): the admin's POST creates an invitation, and only the invitee's acceptance makes a membership.
import { describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { call, seedOrg, seededDatabase, TEST_PASSWORD, type SeededOrg } from "./support/fixtures";
import { invite, tokenOf } from "./support/invitations";
import { decodeMail, withSmtp } from "./support/smtp-server";
import { auditLog, invitations, memberships, users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/passwords";
import { INVITATION_TTL_MS } from "@/lib/tenancy/invitation-token";
import * as members from "@/app/api/v1/members/route";
import * as pending from "@/app/api/v1/invitations/route";
import * as revoke from "@/app/api/v1/invitations/[invitationId]/route";
import * as lookup from "@/app/api/v1/invitations/lookup/route";
import * as accept from "@/app/api/v1/invitations/accept/route";

const t = seededDatabase();
let other: SeededOrg;
const admin = () => t.org.users.admin.id;

const acceptAs = (token: string, as?: string, extra: Record<string, string> = {}) =>
  call(accept.POST, "/api/v1/invitations/accept", { method: "POST", as, body: { token, ...extra } });

async function membershipsOf(userId: string) {
  return t.h.db.select().from(memberships).where(eq(memberships.userId, userId));
}
async function auditActions(orgId: string) {
  return (await t.h.db.select().from(auditLog).where(eq(auditLog.orgId, orgId))).map((r) => r.action);
}

describe("inviting", () => {
  test("the reply is the same whether or not the email has an account anywhere, and nobody is attached", async () => {
    other ??= await seedOrg(t.h.db, "Other Org");
    const victim = other.users.owner;
    const passwordHashBefore = (await t.h.db.select().from(users).where(eq(users.id, victim.id)))[0].passwordHash;

    const existing = await invite(admin(), victim.email, "admin");
    const fresh = await invite(admin(), "nobody.yet@example.test", "admin");
    const shape = (r: typeof existing.res.json) => ({
      ...r,
      invitation: { ...r.invitation, id: "<id>", email: "<email>", expiresAt: "<expiry>" },
      acceptUrl: r.acceptUrl.replace(/#token=[\w-]+$/, "#token=<token>"),
    });
    expect(existing.res.status).toBe(fresh.res.status);
    expect(shape(existing.res.json)).toEqual(shape(fresh.res.json));
    expect(existing.res.json).toMatchObject({ invitation: { email: victim.email, role: "admin" }, emailed: false });
    expect(existing.res.json.acceptUrl).toMatch(/^http:\/\/localhost:3000\/invite#token=[\w-]{40,}$/);
    const ttl = new Date(existing.res.json.invitation.expiresAt).getTime() - (await t.h.db.select().from(invitations).where(eq(invitations.id, existing.res.json.invitation.id)))[0].createdAt.getTime();
    expect(ttl).toBe(INVITATION_TTL_MS);

    // Another organization's owner is not a member here until they accept, and their account is untouched.
    expect((await membershipsOf(victim.id)).map((m) => m.orgId)).toEqual([other.org.id]);
    expect((await t.h.db.select().from(users).where(eq(users.id, victim.id)))[0].passwordHash).toBe(passwordHashBefore);
    expect(await t.h.db.select().from(users).where(eq(users.email, "nobody.yet@example.test"))).toHaveLength(0);
    // The token is stored only as a hash.
    const stored = await t.h.db.select().from(invitations).where(eq(invitations.orgId, t.org.org.id));
    expect(stored.every((r) => r.tokenHash !== existing.token && r.tokenHash !== fresh.token)).toBe(true);
  });

  test("with SMTP configured the link is also mailed to the invitee, existing account or not", async () => {
    other ??= await seedOrg(t.h.db, "Other Org");
    await withSmtp(async (mails) => {
      const existing = await invite(admin(), other.users.admin.email, "viewer");
      const fresh = await invite(admin(), "mailed.fresh@example.test", "viewer");
      expect([existing.res.json.emailed, fresh.res.json.emailed]).toEqual([true, true]);
      expect(mails.map((m) => m.to)).toEqual([[other.users.admin.email], ["mailed.fresh@example.test"]]);
      const body = decodeMail(mails[1].data);
      expect(body).toContain(`You are invited to ${t.org.org.name} on Prism`);
      const link = /Accept the invitation: (\S+)/.exec(body)?.[1];
      expect(link && tokenOf(link)).toBe(fresh.token);
    });
  });

  test("admins list pending invitations; each invitation is audited with who invited whom", async () => {
    const { res } = await invite(admin(), "listed@example.test", "analyst");
    const list = await call(pending.GET, "/api/v1/invitations", { as: t.org.users.owner.id });
    expect(list.status).toBe(200);
    expect(list.json.invitations).toContainEqual(expect.objectContaining({ id: res.json.invitation.id, email: "listed@example.test", role: "analyst", invitedBy: t.org.users.admin.email }));
    expect(JSON.stringify(list.json)).not.toMatch(/token/i);
    const [row] = await t.h.db.select().from(auditLog).where(and(eq(auditLog.action, "member.invited"), eq(auditLog.targetId, res.json.invitation.id)));
    expect(row).toMatchObject({ orgId: t.org.org.id, actorUserId: t.org.users.admin.id, details: expect.objectContaining({ email: "listed@example.test", role: "analyst" }) });
  });

  test("a current member cannot be invited again (409), a password or name from the admin is refused (400), nothing is stored", async () => {
    const before = (await t.h.db.select().from(invitations)).length;
    const dup = await call(members.POST, "/x", { method: "POST", as: admin(), body: { email: t.org.users.viewer.email, role: "viewer" } });
    expect(dup.status).toBe(409);
    const withPassword = await call(members.POST, "/x", { method: "POST", as: admin(), body: { email: "pw@example.test", role: "viewer", password: "chosen by admin" } });
    expect(withPassword.status).toBe(400);
    expect(withPassword.json.error.message).toMatch(/^password: cannot be set here/);
    expect((await t.h.db.select().from(invitations)).length).toBe(before);
  });

  test("inviting the same email again replaces the pending invitation: the first link stops working", async () => {
    const first = await invite(admin(), "twice@example.test", "viewer");
    const second = await invite(admin(), "twice@example.test", "analyst");
    const stale = await acceptAs(first.token, undefined, { name: "Twice", password: TEST_PASSWORD });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toMatch(/revoked/);
    const ok = await acceptAs(second.token, undefined, { name: "Twice", password: TEST_PASSWORD });
    expect(ok.json).toMatchObject({ role: "analyst", createdAccount: true });
  });
});

describe("accepting", () => {
  test("signed in with the invited email: the lookup names the organization, accepting grants the role, audited", async () => {
    other ??= await seedOrg(t.h.db, "Other Org");
    const invitee = other.users.analyst;
    const { token } = await invite(admin(), invitee.email, "viewer");
    const seen = await call(lookup.POST, "/api/v1/invitations/lookup", { method: "POST", body: { token } });
    expect(seen.status).toBe(200);
    expect(seen.json.invitation).toMatchObject({ organization: t.org.org.name, email: invitee.email, role: "viewer" });

    const res = await acceptAs(token, invitee.id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ organization: t.org.org.name, userId: invitee.id, role: "viewer", createdAccount: false });
    // They land in the organization they joined, not their first one.
    expect(res.json.projectId).toBe(t.org.project.id);
    expect(res.headers.get("set-cookie")).toMatch(new RegExp(`^prism-project=${t.org.project.id}; Path=/`));
    expect((await membershipsOf(invitee.id)).find((m) => m.orgId === t.org.org.id)?.role).toBe("viewer");
    const [row] = await t.h.db.select().from(auditLog).where(and(eq(auditLog.orgId, t.org.org.id), eq(auditLog.action, "member.invitation_accepted"), eq(auditLog.actorUserId, invitee.id)));
    expect(row.details).toMatchObject({ email: invitee.email, role: "viewer", createdAccount: false });
    // Single use: the same link again is refused, and it is no longer pending.
    const again = await acceptAs(token, invitee.id);
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/already been used/);
    const list = await call(pending.GET, "/x", { as: admin() });
    expect(list.json.invitations.map((i: { email: string }) => i.email)).not.toContain(invitee.email);
  });

  test("without an account: name and password create it, and the new login can sign in", async () => {
    const { token } = await invite(admin(), "brand.new@example.test", "analyst");
    const missing = await acceptAs(token);
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toMatch(/^name: is required/);
    const short = await acceptAs(token, undefined, { name: "Brand New", password: "short" });
    expect(short.status).toBe(400);
    expect(await t.h.db.select().from(users).where(eq(users.email, "brand.new@example.test"))).toHaveLength(0);

    const res = await acceptAs(token, undefined, { name: "Brand New", password: "a long enough password" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ email: "brand.new@example.test", role: "analyst", createdAccount: true });
    const [user] = await t.h.db.select().from(users).where(eq(users.email, "brand.new@example.test"));
    expect(user.name).toBe("Brand New");
    expect(await verifyPassword("a long enough password", user.passwordHash)).toBe(true);
    expect((await membershipsOf(user.id)).map((m) => [m.orgId, m.role])).toEqual([[t.org.org.id, "analyst"]]);
    expect(await auditActions(t.org.org.id)).toContain("member.invitation_accepted");
  });

  test("an existing account must sign in first: no session and a password does not take it over", async () => {
    other ??= await seedOrg(t.h.db, "Other Org");
    const invitee = other.users.viewer;
    const { token } = await invite(admin(), invitee.email, "admin");
    const res = await acceptAs(token, undefined, { name: "Mallory", password: "mallory's password" });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toMatch(/already exists: sign in/);
    expect(await verifyPassword(TEST_PASSWORD, (await t.h.db.select().from(users).where(eq(users.id, invitee.id)))[0].passwordHash)).toBe(true);
    expect((await membershipsOf(invitee.id)).map((m) => m.orgId)).toEqual([other.org.id]);
  });

  test("signed in with a different email: refused with a clear message, nothing changes, the link still works for the invitee", async () => {
    const { token } = await invite(admin(), "the.invitee@example.test", "admin");
    const intruder = t.org.users.viewer;
    const res = await acceptAs(token, intruder.id);
    expect(res.status).toBe(403);
    expect(res.json.error.message).toBe(`This invitation is for the.invitee@example.test, but you are signed in as ${intruder.email}. Sign out, then open the link again.`);
    expect((await membershipsOf(intruder.id))[0].role).toBe("viewer");
    expect((await acceptAs(token, undefined, { name: "Invitee", password: TEST_PASSWORD })).status).toBe(200);
  });

  test("a signed-in accept from another site is refused (CSRF)", async () => {
    other ??= await seedOrg(t.h.db, "Other Org");
    const { token } = await invite(admin(), other.users.member.email, "viewer");
    const res = await call(accept.POST, "/x", { method: "POST", as: other.users.member.id, body: { token }, headers: { origin: "http://evil.example" } });
    expect(res.status).toBe(403);
    expect((await membershipsOf(other.users.member.id)).map((m) => m.orgId)).toEqual([other.org.id]);
  });

  test("revoked, expired and unknown tokens are refused and create nothing; revoking is audited", async () => {
    const revoked = await invite(admin(), "revoked@example.test", "viewer");
    const id = revoked.res.json.invitation.id;
    const del = await call(revoke.DELETE, `/api/v1/invitations/${id}`, { method: "DELETE", as: admin(), params: { invitationId: id } });
    expect(del.status).toBe(200);
    const [audited] = await t.h.db.select().from(auditLog).where(and(eq(auditLog.action, "member.invitation_revoked"), eq(auditLog.targetId, id)));
    expect(audited).toMatchObject({ orgId: t.org.org.id, actorUserId: t.org.users.admin.id });
    const r1 = await acceptAs(revoked.token, undefined, { name: "R", password: TEST_PASSWORD });
    expect(r1.status).toBe(409);
    expect(r1.json.error.message).toMatch(/revoked/);
    expect((await call(revoke.DELETE, "/x", { method: "DELETE", as: admin(), params: { invitationId: id } })).status).toBe(409);

    const expired = await invite(admin(), "expired@example.test", "viewer");
    await t.h.db.update(invitations).set({ expiresAt: new Date(Date.now() - 3600_000) }).where(eq(invitations.id, expired.res.json.invitation.id));
    const r2 = await acceptAs(expired.token, undefined, { name: "E", password: TEST_PASSWORD });
    expect(r2.status).toBe(409);
    expect(r2.json.error.message).toMatch(/expired/);
    expect((await call(lookup.POST, "/x", { method: "POST", body: { token: expired.token } })).status).toBe(409);

    const r3 = await acceptAs("not-a-real-token", undefined, { name: "U", password: TEST_PASSWORD });
    expect(r3.status).toBe(404);
    expect(await t.h.db.select().from(users).where(eq(users.email, "revoked@example.test"))).toHaveLength(0);
    expect(await t.h.db.select().from(users).where(eq(users.email, "expired@example.test"))).toHaveLength(0);
  });

  test("invitations are per organization: another organization's admin cannot revoke or list them", async () => {
    other ??= await seedOrg(t.h.db, "Other Org");
    const { res } = await invite(admin(), "mine@example.test", "viewer");
    const id = res.json.invitation.id;
    const foreign = await call(revoke.DELETE, "/x", { method: "DELETE", as: other.users.owner.id, params: { invitationId: id } });
    expect(foreign.status).toBe(404);
    const list = await call(pending.GET, "/x", { as: other.users.owner.id });
    expect(list.json.invitations.map((i: { id: string }) => i.id)).not.toContain(id);
  });
});
