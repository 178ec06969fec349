import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requirePermission } from "@/app/_server/page-auth";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/ui/empty-state";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { SpectrumHome } from "@/components/spectrum/spectrum-home";
import { toJson } from "@/components/ui/api";
import { spectrumOverview } from "@/lib/spectrum/store/read";
import { endUserPlan } from "@/lib/spectrum/store/engagement";

export const metadata: Metadata = { title: "My Spectrum", manifest: "/spectrum.webmanifest" };
export const dynamic = "force-dynamic";

/** An end user's private Spectrum home. Dashboard roles are sent to the dashboard instead. */
export default async function MySpectrumPage() {
  const access = await requirePermission("spectrum:self");
  if (!access.allowed) redirect("/overview");
  const { principal } = access;
  const db = await getDb();
  const overview = principal.endUserId ? await spectrumOverview(db, principal.projectId, principal.endUserId) : null;
  // Free-plan members see a teaser naming the monthly deep dive as a paid feature.
  const showTeaser = principal.endUserId ? (await endUserPlan(db, principal.projectId, principal.endUserId)) === "free" : false;
  return (
    <main className="main spectrum-main">
      <header className="page-header">
        <div>
          <h1>My Spectrum</h1>
          <p className="muted" style={{ margin: 0 }} data-testid="current-user">{principal.email}</p>
        </div>
        <div className="form-row">
          <ThemeToggle />
          <SignOutButton />
        </div>
      </header>
      {overview ? (
        <SpectrumHome projectId={principal.projectId} initial={toJson(overview)} showTeaser={showTeaser} />
      ) : (
        <EmptyState title="Your Spectrum is being prepared">
          <p>Your account is not linked to your conversations yet. Once it is, this private page shows how your moods move week to week. Only you can see it.</p>
        </EmptyState>
      )}
    </main>
  );
}
