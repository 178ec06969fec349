"use client";
// Why: the invitee sees what they are invited to and accepts it, signed in with the invited email or by creating
// that account (issue 12 #16). The token travels in the fragment, so it never reaches server logs or Referer headers.
import { signIn, signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { apiFetch, type Reply } from "@/components/ui/api";
import type { acceptInvitation, lookupInvitation } from "@/lib/tenancy/store/invitations";

type Invitation = Reply<typeof lookupInvitation>;
type Accepted = Reply<typeof acceptInvitation>;

function subscribeToHash(onChange: () => void) {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

function tokenFromHash(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";
}

export function AcceptInvitation({ signedInEmail }: { signedInEmail: string | null }) {
  const router = useRouter();
  // Null on the server and until hydration; "" when the link carries no token.
  const token = useSyncExternalStore(subscribeToHash, tokenFromHash, () => null);
  const lookup = useQuery({
    queryKey: ["invitation", token],
    queryFn: () => apiFetch<{ invitation: Invitation }>("/api/v1/invitations/lookup", { method: "POST", body: { token } }),
    enabled: Boolean(token),
    retry: false,
  });
  const invitation = lookup.data?.invitation ?? null;
  const [acceptError, setAcceptError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const error =
    acceptError ?? (token === "" ? "This invitation link is incomplete. Open the link from your invitation again." : (lookup.error?.message ?? null));

  async function accept(account?: { name: string; password: string }) {
    setPending(true);
    setAcceptError(null);
    try {
      const done = await apiFetch<Accepted>("/api/v1/invitations/accept", { method: "POST", body: { token, ...account } });
      if (account) {
        const res = await signIn("credentials", { email: done.email, password: account.password, redirect: false });
        if (!res || res.error) {
          router.replace("/signin");
          return;
        }
      }
      router.replace("/");
      router.refresh();
    } catch (err) {
      setAcceptError(err instanceof Error ? err.message : "Accepting the invitation failed.");
      setPending(false);
    }
  }

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    void accept({ name: String(form.get("name") ?? ""), password: String(form.get("password") ?? "") });
  }

  const alert = error ? <div className="alert alert-error" role="alert">{error}</div> : null;
  if (!invitation) return alert ?? <p className="muted">Checking your invitation…</p>;

  const summary = (
    <p>
      You are invited to join <strong>{invitation.organization}</strong> as <strong>{invitation.role}</strong>, with the
      email <strong>{invitation.email}</strong>.
    </p>
  );
  if (signedInEmail && signedInEmail !== invitation.email) {
    return (
      <>
        {summary}
        <div className="alert alert-error" role="alert">
          You are signed in as {signedInEmail}. This invitation is for {invitation.email}: sign out, then open the link again.
        </div>
        <button type="button" className="btn" onClick={() => signOut({ callbackUrl: window.location.href })}>Sign out</button>
      </>
    );
  }
  if (signedInEmail) {
    return (
      <>
        {summary}
        {alert}
        <button type="button" className="btn btn-primary" onClick={() => void accept()} disabled={pending}>
          {pending ? "Joining…" : `Join ${invitation.organization}`}
        </button>
      </>
    );
  }
  return (
    <>
      {summary}
      <form onSubmit={onCreate} className="grid" style={{ gap: "0.75rem" }} aria-label="Create your account" noValidate>
        <label>Your name<input name="name" autoComplete="name" required /></label>
        <label>Choose a password<input name="password" type="password" autoComplete="new-password" minLength={8} required /></label>
        {alert}
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? "Joining…" : "Create account and join"}
        </button>
      </form>
      <p className="muted small">
        Already have a Prism account for {invitation.email}? <a href="/signin">Sign in</a>, then open this link again.
      </p>
    </>
  );
}
