// Why: a member login may read an end user's private Spectrum only with that end user's proof, never on an admin's
// word (issue 12 #23). The customer's backend, which knows who its user is, issues a short-lived signed link token
// with its API key; the end user, signed in to their member login, claims it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { memberships, projects } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { auditAs } from "@/lib/audit/record";
import type { Principal } from "@/lib/auth/session";

export const LINK_TOKEN_TTL_MS = 15 * 60_000;

const payloadSchema = z.object({ p: z.string().uuid(), u: z.string().min(1).max(200), e: z.number().int() });
export const claimLinkSchema = z.object({ token: z.string().min(1, "is required").max(2000) });

function signingKey(secret: string | undefined): Buffer {
  if (!secret) throw new AppError("conflict", "End-user links need NEXTAUTH_SECRET to be set on the server");
  // A key of its own, derived from the session secret, so a link token can never pass for anything else.
  return createHmac("sha256", secret).update("prism:end-user-link:v1").digest();
}

function sign(key: Buffer, body: string) {
  return createHmac("sha256", key).update(body).digest("base64url");
}

/** A token proving, until it expires, that the holder is `endUserId` of `projectId`. */
export function issueLinkToken(secret: string | undefined, projectId: string, endUserId: string, now = new Date()) {
  const expiresAt = new Date(now.getTime() + LINK_TOKEN_TTL_MS);
  const body = Buffer.from(JSON.stringify({ p: projectId, u: endUserId, e: expiresAt.getTime() })).toString("base64url");
  return { token: `${body}.${sign(signingKey(secret), body)}`, expiresAt };
}

export function verifyLinkToken(secret: string | undefined, token: string, now = new Date()): { projectId: string; endUserId: string } {
  const [body, mac, extra] = token.split(".");
  const invalid = new AppError("invalid_request", "token: not a valid end-user link");
  if (!body || !mac || extra !== undefined) throw invalid;
  const expected = Buffer.from(sign(signingKey(secret), body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
  let parsed: z.infer<typeof payloadSchema>;
  try {
    parsed = payloadSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    throw invalid;
  }
  if (parsed.e <= now.getTime()) throw new AppError("invalid_request", "token: this link has expired; ask for a new one");
  return { projectId: parsed.p, endUserId: parsed.u };
}

/** Binds the signed-in member login to the end user the token names, within the token's project's organization; audited. */
export async function claimEndUserLink(db: Db, principal: Principal, secret: string | undefined, token: string, now = new Date()) {
  const { projectId, endUserId } = verifyLinkToken(secret, token, now);
  return db.transaction(async (tx) => {
    const [project] = await tx.select({ orgId: projects.orgId }).from(projects).where(eq(projects.id, projectId)).limit(1);
    if (!project || project.orgId !== principal.orgId) throw new AppError("invalid_request", "token: this link is for another organization");
    const [before] = await tx
      .update(memberships)
      .set({ endUserId })
      .where(and(eq(memberships.orgId, principal.orgId), eq(memberships.userId, principal.userId), eq(memberships.role, "member")))
      .returning({ endUserId: memberships.endUserId });
    if (!before) throw new AppError("forbidden", "Only a member login can be linked to an end user");
    await auditAs(tx, { ...principal, projectId }, {
      action: "member.end_user_linked",
      targetType: "user",
      targetId: principal.userId,
      details: { endUserId, previousEndUserId: principal.endUserId },
    });
    return { endUserId, projectId };
  });
}
