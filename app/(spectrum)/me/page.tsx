import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requirePermission } from "@/app/_server/page-auth";
import { EmptyState } from "@/components/ui/empty-state";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { ThemeToggle } from "@/components/shell/theme-toggle";

export const metadata: Metadata = { title: "My Spectrum" };

/** An end user's private Spectrum home. Dashboard roles are sent to the dashboard instead. */
export default async function MySpectrumPage() {
  const access = await requirePermission("spectrum:self");
  if (!access.allowed) redirect("/overview");
  return (
    <main className="main" style={{ maxWidth: 720, margin: "0 auto" }}>
      <header className="page-header">
        <div>
          <h1>My Spectrum</h1>
          <p className="muted" style={{ margin: 0 }} data-testid="current-user">{access.principal.email}</p>
        </div>
        <div className="form-row">
          <ThemeToggle />
          <SignOutButton />
        </div>
      </header>
      <EmptyState title="Your Spectrum is being prepared">
        <p>
          Once your conversations are analysed, this private page shows how your emotional landscape moves week to week,
          your patterns and a monthly summary. Only you can see it.
        </p>
      </EmptyState>
    </main>
  );
}
