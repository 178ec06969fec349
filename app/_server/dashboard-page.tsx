// The page counterpart of lib/http/route.ts: a dashboard page declares the permission it needs and receives the
// principal; signed-out visitors go to sign-in and a role without the permission sees the access-denied state.
import type { ReactNode } from "react";
import type { Permission } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/session";
import { AccessDenied } from "@/components/ui/access-denied";
import { requirePermission } from "./page-auth";

/** `export default dashboardPage("traces:read", async function TracesPage({ searchParams }, { principal }) { … })` */
export function dashboardPage<Props extends object>(
  permission: Permission,
  render: (props: Props, access: { principal: Principal }) => Promise<ReactNode>,
) {
  return async function Page(props: Props) {
    const access = await requirePermission(permission);
    if (!access.allowed) return <AccessDenied role={access.principal.role} permission={access.permission} />;
    return render(props, { principal: access.principal });
  };
}
