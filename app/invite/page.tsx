// Why: where an invitee lands from their invitation link to accept it (issue 12 #16); public, since they may have no account.
import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { currentUser } from "@/app/_server/page-auth";
import { AcceptInvitation } from "@/components/auth/accept-invitation";

export const metadata: Metadata = { title: "Accept invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage() {
  const user = await currentUser();
  return (
    <AuthCard title="Accept invitation">
      <AcceptInvitation signedInEmail={user?.email ?? null} />
    </AuthCard>
  );
}
