// Why: members join by accepting an invitation (issue 12 #16); tests that need a new login go through the real routes.
import { expect } from "vitest";
import { call, TEST_PASSWORD } from "./fixtures";
import * as members from "@/app/api/v1/members/route";
import * as accept from "@/app/api/v1/invitations/accept/route";

/** The one-time token inside an accept link (`…/invite#token=…`). */
export function tokenOf(acceptUrl: string): string {
  return new URLSearchParams(new URL(acceptUrl).hash.slice(1)).get("token")!;
}

/** Invites `email` as `role` (as `adminId`) through POST /api/v1/members; returns the reply and the token. */
export async function invite(adminId: string, email: string, role: string) {
  const res = await call(members.POST, "/api/v1/members", { method: "POST", as: adminId, body: { email, role } });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  return { res, token: tokenOf(res.json.acceptUrl) };
}

/** Invites a new email and accepts by creating its account (password TEST_PASSWORD); returns the new user's id. */
export async function inviteNewLogin(adminId: string, email: string, role: string): Promise<string> {
  const { token } = await invite(adminId, email, role);
  const accepted = await call(accept.POST, "/api/v1/invitations/accept", { method: "POST", body: { token, name: "New Person", password: TEST_PASSWORD } });
  expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
  return accepted.json.userId as string;
}
