import { describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { inviteNewLogin } from "./support/invitations";
import { auditLog, memberships } from "@/db/schema";
import * as members from "@/app/api/v1/members/route";
import * as member from "@/app/api/v1/members/[userId]/route";
import * as keys from "@/app/api/v1/api-keys/route";
import * as key from "@/app/api/v1/api-keys/[id]/route";
import * as audit from "@/app/api/v1/audit-log/route";
import * as project from "@/app/api/v1/project/route";
import * as ingest from "@/app/api/v1/ingest/route";

const t = seededDatabase();

const ping = (id: string) => ({ batch: [{ id, type: "event", timestamp: new Date().toISOString(), body: { name: "ping" } }] });

describe("members", () => {
  test("an admin invites a member, who accepts; the admin changes their role, removes them; each change is audited", async () => {
    const userId = await inviteNewLogin(t.org.users.admin.id, "New.Person@Example.test", "viewer");

    const list = await call(members.GET, "/api/v1/members", { as: t.org.users.viewer.id });
    expect(list.json.members.map((m: { email: string }) => m.email)).toContain("new.person@example.test");

    const changed = await call(member.PATCH, `/api/v1/members/${userId}`, {
      method: "PATCH",
      as: t.org.users.admin.id,
      params: { userId },
      body: { role: "analyst" },
    });
    expect(changed.status).toBe(200);
    const removed = await call(member.DELETE, `/api/v1/members/${userId}`, { method: "DELETE", as: t.org.users.admin.id, params: { userId } });
    expect(removed.status).toBe(200);
    expect(await t.h.db.select().from(memberships).where(eq(memberships.userId, userId))).toHaveLength(0);

    const log = await call(audit.GET, "/api/v1/audit-log", { as: t.org.users.admin.id });
    const actions = log.json.entries.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 4)).toEqual(["member.removed", "member.role_changed", "member.invitation_accepted", "member.invited"]);
    expect(log.json.entries[1].details).toEqual({ from: "viewer", to: "analyst" });
  });

  test("an admin cannot make owners, the last owner cannot be demoted, duplicates conflict", async () => {
    const asAdmin = await call(members.POST, "/api/v1/members", {
      method: "POST",
      as: t.org.users.admin.id,
      body: { email: "boss@example.test", role: "owner" },
    });
    expect(asAdmin.status).toBe(403);
    const demote = await call(member.PATCH, "/x", {
      method: "PATCH",
      as: t.org.users.owner.id,
      params: { userId: t.org.users.owner.id },
      body: { role: "viewer" },
    });
    expect(demote.status).toBe(409);
    expect(demote.json.error.message).toMatch(/at least one owner/);
    const dup = await call(members.POST, "/x", { method: "POST", as: t.org.users.owner.id, body: { email: t.org.users.viewer.email, role: "viewer" } });
    expect(dup.status).toBe(409);
  });

  test("bad input gets a 400 naming the field and changes nothing", async () => {
    const before = await t.h.db.select().from(auditLog);
    const res = await call(members.POST, "/x", { method: "POST", as: t.org.users.owner.id, body: { email: "nope", role: "viewer" } });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/^email:/);
    const unknownRole = await call(members.POST, "/x", { method: "POST", as: t.org.users.owner.id, body: { email: "a@b.test", role: "god" } });
    expect(unknownRole.status).toBe(400);
    const badId = await call(member.DELETE, "/x", { method: "DELETE", as: t.org.users.owner.id, params: { userId: "not-a-uuid" } });
    expect(badId.status).toBe(404);
    expect(await t.h.db.select().from(auditLog)).toHaveLength(before.length);
  });
});

describe("API keys", () => {
  test("a new key works at once with Bearer and Basic auth, and stops working the moment it is revoked", async () => {
    const created = await call(keys.POST, "/api/v1/api-keys", { method: "POST", as: t.org.users.admin.id, body: { name: "CI" } });
    expect(created.status).toBe(201);
    const { id, publicKey, secretKey } = created.json;
    expect(secretKey).toMatch(/^sk-prism-/);

    const listed = await call(keys.GET, "/api/v1/api-keys", { as: t.org.users.admin.id });
    const row = listed.json.apiKeys.find((k: { id: string }) => k.id === id);
    expect(JSON.stringify(row)).not.toContain(secretKey);
    expect(row.secretPreview).toBe(`…${secretKey.slice(-4)}`);

    const viaBearer = await call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(secretKey), body: ping("k1") });
    expect(viaBearer.status).toBe(207);
    const basic = `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString("base64")}`;
    const viaBasic = await call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: { authorization: basic }, body: ping("k2") });
    expect(viaBasic.status).toBe(207);
    const wrongPair = `Basic ${Buffer.from(`${t.org.apiKey.publicKey}:${secretKey}`).toString("base64")}`;
    expect((await call(ingest.POST, "/x", { method: "POST", headers: { authorization: wrongPair }, body: ping("k3") })).status).toBe(401);

    const revoked = await call(key.DELETE, `/api/v1/api-keys/${id}`, { method: "DELETE", as: t.org.users.admin.id, params: { id } });
    expect(revoked.status).toBe(200);
    const after = await call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(secretKey), body: ping("k4") });
    expect(after.status).toBe(401);
    expect(after.json.error.message).toMatch(/revoked/);
    const again = await call(key.DELETE, "/x", { method: "DELETE", as: t.org.users.admin.id, params: { id } });
    expect(again.status).toBe(404);
  });
});

describe("project settings", () => {
  test("an admin sets the retention period; out-of-range values are refused", async () => {
    const ok = await call(project.PATCH, "/api/v1/project", { method: "PATCH", as: t.org.users.admin.id, body: { retentionDays: 30 } });
    expect(ok.status).toBe(200);
    expect(ok.json.project.retentionDays).toBe(30);
    const bad = await call(project.PATCH, "/api/v1/project", { method: "PATCH", as: t.org.users.admin.id, body: { retentionDays: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/retentionDays/);
  });
});
