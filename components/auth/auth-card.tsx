// The centred, branded card of the pages a visitor sees before (or while) signing in: sign-in and invitations.
import type { ReactNode } from "react";

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <div className="brand">
          <span className="brand-mark" aria-hidden /> Prism
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
