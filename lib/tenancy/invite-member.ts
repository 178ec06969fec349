// Why: adding a member is an invitation (issue 12 #16): the reply is the same whether or not the email has an account
// anywhere, the accept link is shown to the admin once, and mailed to the invitee when SMTP is configured.
import type { Db } from "@/db/client";
import type { Principal } from "@/lib/auth/session";
import { invitationLink, invitationMail, type InviteMemberInput } from "@/lib/tenancy/invitation-token";
import { createInvitation } from "@/lib/tenancy/store/invitations";
import { log } from "@/lib/log";

/** Sends one plain-text email (the SMTP mailer of lib/monitoring/alerts/email.ts fits). */
export interface InvitationMailer {
  send(mail: { to: string[]; subject: string; text: string }): Promise<{ accepted: string[] }>;
}

export interface InviteOptions {
  /** Prism's public URL, for the accept link. */
  baseUrl: string;
  /** Null when email is not configured: the admin passes the link on. */
  mailer: InvitationMailer | null;
  now?: Date;
}

export async function inviteMember(db: Db, actor: Principal, input: InviteMemberInput, opts: InviteOptions) {
  const { invitation, token, organization } = await createInvitation(db, actor, input, opts.now);
  const acceptUrl = invitationLink(opts.baseUrl, token);
  let emailed = false;
  if (opts.mailer) {
    try {
      const mail = invitationMail(organization, invitation.role, acceptUrl, invitation.expiresAt);
      const outcome = await opts.mailer.send({ to: [invitation.email], ...mail });
      emailed = outcome.accepted.length > 0;
    } catch (err) {
      // The invitation stands; the admin still has the link. Log the failure, not the address or the token.
      log("tenancy").warn({ invitationId: invitation.id, error: err instanceof Error ? err.message : "unknown error" }, "invitation email not sent");
    }
  }
  return { invitation, acceptUrl, emailed };
}
