"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

export function SignInForm({ oauthProviders }: { oauthProviders: { id: string; name: string }[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!res || res.error) {
      setError(res?.error === "CredentialsSignin" ? "Wrong email or password." : (res?.error ?? "Sign-in failed."));
      return;
    }
    router.replace("/");
    router.refresh();
  }

  return (
    <>
      <form onSubmit={onSubmit} className="grid" style={{ gap: "0.75rem" }} noValidate>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error ? (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {oauthProviders.map((p) => (
        <button key={p.id} type="button" className="btn" onClick={() => signIn(p.id, { callbackUrl: "/" })}>
          Continue with {p.name}
        </button>
      ))}
    </>
  );
}
