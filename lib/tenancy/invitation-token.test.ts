// Why: an invitation's usability is decided by a clock passed in, and its link keeps the token in the fragment.
import { describe, expect, test } from "vitest";
import { hashInvitationToken, INVITATION_TTL_MS, invitationLink, invitationRefusal, newInvitationToken } from "./invitation-token";

describe("invitation tokens", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  const open = { acceptedAt: null, revokedAt: null, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) };

  test("usable until the expiry instant, then refused; used and revoked are refused with their own reason", () => {
    expect(invitationRefusal(open, now)).toBeNull();
    expect(invitationRefusal(open, new Date(open.expiresAt.getTime() - 1))).toBeNull();
    expect(invitationRefusal(open, open.expiresAt)).toMatch(/expired/);
    expect(invitationRefusal({ ...open, acceptedAt: now }, now)).toMatch(/already been used/);
    expect(invitationRefusal({ ...open, revokedAt: now }, now)).toMatch(/revoked/);
  });

  test("tokens are random and long; only a hash is stored; the link carries the token in its fragment", () => {
    const a = newInvitationToken();
    expect(a).toMatch(/^[\w-]{43}$/);
    expect(newInvitationToken()).not.toBe(a);
    expect(hashInvitationToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashInvitationToken(a)).not.toContain(a);
    expect(invitationLink("https://prism.example/", a)).toBe(`https://prism.example/invite#token=${a}`);
  });
});
