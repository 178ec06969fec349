import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { currentPrincipal } from "@/app/_server/page-auth";
import { Sidebar } from "@/components/shell/sidebar";
import { navItems } from "@/components/shell/nav-items";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  if (!principal) redirect("/signin");
  // End users only ever see their own Spectrum.
  if (principal.role === "member") redirect("/me");
  const items = navItems
    .filter((item) => can(principal.role, item.permission))
    .map((item) => ({ ...item, children: item.children?.filter((c) => can(principal.role, c.permission)) }));
  return (
    <div className="shell">
      <Sidebar items={items} user={{ email: principal.email, role: principal.role, projectName: principal.projectName }} selfTelemetryKey={env().PRISM_SELF_TELEMETRY_KEY} />
      <main className="main">{children}</main>
    </div>
  );
}
