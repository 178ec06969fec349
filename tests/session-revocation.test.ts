// Why: a session token must stop working once its user signs out or is removed, not 7 days later (issue 12 #17).
import { expect, test } from "vitest";
import { encode, type JWT } from "next-auth/jwt";
import { call, seedOrg, seededDatabase } from "./support/fixtures";
import { authOptions } from "@/lib/auth/next-auth";
import { ensureMembership } from "@/lib/bootstrap/ensure";
import * as members from "@/app/api/v1/members/route";
import * as member from "@/app/api/v1/members/[userId]/route";

const t = seededDatabase();

/** A session token as next-auth mints it at a credentials sign-in, through the real jwt callback. */
async function signIn(userId: string): Promise<string> {
  const jwt = authOptions().callbacks!.jwt!;
  const token = await jwt({ token: { sub: userId }, user: { id: userId }, account: { provider: "credentials", type: "credentials", providerAccountId: userId } } as Parameters<typeof jwt>[0]);
  return cookieFor(token);
}

async function cookieFor(token: JWT) {
  return `next-auth.session-token=${await encode({ token, secret: process.env.NEXTAUTH_SECRET! })}`;
}

const listMembers = (cookie: string) => call(members.GET, "/api/v1/members", { headers: { cookie } });

test("after sign-out, a token minted before it is refused; a new sign-in works", async () => {
  const userId = t.org.users.analyst.id;
  const before = await signIn(userId);
  expect((await listMembers(before)).status).toBe(200);

  await authOptions().events!.signOut!({ token: { sub: userId }, session: undefined as never });

  expect((await listMembers(before)).status).toBe(401);
  expect((await listMembers(await signIn(userId))).status).toBe(200);
});

test("removal from an organization ends the user's sessions everywhere", async () => {
  const other = await seedOrg(t.h.db);
  const userId = t.org.users.viewer.id;
  await ensureMembership(t.h.db, other.org.id, userId, "viewer");
  const before = await signIn(userId);
  const inOther = { cookie: `${before}; prism-project=${other.project.id}` };
  expect((await call(members.GET, "/x", { headers: inOther })).status).toBe(200);

  const removed = await call(member.DELETE, "/x", { method: "DELETE", as: t.org.users.owner.id, params: { userId } });
  expect(removed.status).toBe(200);

  expect((await call(members.GET, "/x", { headers: inOther })).status).toBe(401);
  const again = `${await signIn(userId)}; prism-project=${other.project.id}`;
  const list = await call(members.GET, "/x", { headers: { cookie: again } });
  expect(list.status).toBe(200);
  expect(list.json.members.some((m: { userId: string }) => m.userId === other.users.owner.id)).toBe(true);
});

test("a token whose session version is not a number is refused", async () => {
  const forged = await cookieFor({ sub: t.org.users.admin.id, sv: "0" });
  expect((await listMembers(forged)).status).toBe(401);
});
