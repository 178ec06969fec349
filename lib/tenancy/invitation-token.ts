// Why: an invitation is proven by a one-time token the invitee holds; only its hash is stored (issue 12 #16).
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { roles } from "@/lib/auth/permissions";

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export const inviteMemberSchema = z.object({
  email: z.string().trim().toLowerCase().email("must be an email address"),
  role: z.enum(roles),
  // The invitee chooses their own name and password when they accept; an admin never sets them.
  name: z.undefined({ message: "cannot be set here: the invitee sets their name when they accept" }).optional(),
  password: z.undefined({ message: "cannot be set here: the invitee chooses their password when they accept" }).optional(),
  // Binding a login to an end user takes the end user's proof (lib/tenancy/end-user-link.ts), never an admin's word.
  endUserId: z.undefined({ message: "cannot be set here: the end user links their login with a link token from your backend" }).optional(),
});
export type InviteMemberInput = z.infer<typeof inviteMemberSchema>;

export const invitationTokenSchema = z.object({ token: z.string().min(1, "is required").max(200) });

export const acceptInvitationSchema = invitationTokenSchema.extend({
  /** Only when the visitor has no account yet: the account to create. */
  name: z.string().trim().min(1, "is required").max(200).optional(),
  password: z.string().min(8, "must be at least 8 characters").max(200).optional(),
});
export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;

export function newInvitationToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The link the invitee opens; the token rides in the fragment, so it never reaches server logs or Referer headers. */
export function invitationLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/invite#token=${encodeURIComponent(token)}`;
}

export interface InvitationState {
  acceptedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
}

/** Why an invitation can no longer be used, or null while it can. */
export function invitationRefusal(inv: InvitationState, now: Date): string | null {
  if (inv.acceptedAt) return "This invitation has already been used.";
  if (inv.revokedAt) return "This invitation was revoked. Ask the organization's admin for a new one.";
  if (inv.expiresAt.getTime() <= now.getTime()) return "This invitation has expired. Ask the organization's admin for a new one.";
  return null;
}

export function invitationMail(orgName: string, role: string, link: string, expiresAt: Date) {
  return {
    subject: `You are invited to ${orgName} on Prism`,
    text: [
      `You have been invited to join ${orgName} on Prism as ${role}.`,
      "",
      `Accept the invitation: ${link}`,
      "",
      `The link works once and expires on ${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
      "If you did not expect this invitation, ignore this email: nothing happens unless you accept.",
    ].join("\n"),
  };
}
