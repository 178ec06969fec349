import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { assignableRoles, can } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/page-header";
import { MembersPanel } from "@/components/settings/members-panel";
import { ApiKeysPanel } from "@/components/settings/api-keys-panel";
import { ProjectPanel } from "@/components/settings/project-panel";
import { AuditPanel } from "@/components/settings/audit-panel";
import { TracingPrivacyPanel } from "@/components/settings/tracing-privacy-panel";
import { TracingPricesPanel } from "@/components/settings/tracing-prices-panel";
import { BrowserSdkPanel } from "@/components/settings/browser-sdk-panel";
import { headers } from "next/headers";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Settings" };

/** Where pages load the browser client from: the configured public URL, else the address this page was asked on. */
async function serverOrigin(): Promise<string> {
  const configured = env().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  const h = await headers();
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
}

export default dashboardPage("members:read", async function SettingsPage(_props: object, { principal }) {
  const { role, userId, projectId } = principal;
  return (
    <>
      <PageHeader title="Settings" description={`Organization members, API keys and project settings (${principal.projectName}).`} />
      <div className="grid">
        <MembersPanel projectId={projectId} canManage={can(role, "members:manage")} grantable={assignableRoles(role)} selfId={userId} />
        {can(role, "apikeys:manage") ? <ApiKeysPanel projectId={projectId} /> : null}
        {can(role, "project:manage") ? <ProjectPanel projectId={projectId} /> : null}
        {can(role, "project:manage") ? <TracingPrivacyPanel projectId={projectId} /> : null}
        {can(role, "project:manage") ? <TracingPricesPanel projectId={projectId} /> : null}
        {can(role, "project:manage") ? <BrowserSdkPanel projectId={projectId} origin={await serverOrigin()} /> : null}
        {can(role, "audit:read") ? <AuditPanel projectId={projectId} /> : null}
      </div>
    </>
  );
});
