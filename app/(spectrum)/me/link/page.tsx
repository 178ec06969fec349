// Why: where an end user lands from the link their product's backend issued, to claim their Spectrum (issue 12 #23).
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requirePermission } from "@/app/_server/page-auth";
import { ClaimLink } from "@/components/spectrum/claim-link";

export const metadata: Metadata = { title: "Link my Spectrum" };
export const dynamic = "force-dynamic";

export default async function ClaimLinkPage() {
  const access = await requirePermission("spectrum:self");
  if (!access.allowed) redirect("/overview");
  return (
    <main className="main spectrum-main">
      <header className="page-header">
        <h1>Link my Spectrum</h1>
      </header>
      <ClaimLink />
    </main>
  );
}
