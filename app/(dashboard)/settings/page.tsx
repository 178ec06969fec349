import type { Metadata } from "next";
import { requirePermission } from "@/app/_server/page-auth";
import { assignableRoles, can } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/page-header";
import { AccessDenied } from "@/components/ui/access-denied";
import { MembersPanel } from "@/components/settings/members-panel";
import { ApiKeysPanel } from "@/components/settings/api-keys-panel";
import { ProjectPanel } from "@/components/settings/project-panel";
import { AuditPanel } from "@/components/settings/audit-panel";
import { TracingPrivacyPanel } from "@/components/settings/tracing-privacy-panel";
import { TracingPricesPanel } from "@/components/settings/tracing-prices-panel";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const access = await requirePermission("members:read");
  if (!access.allowed) return <AccessDenied role={access.principal.role} permission={access.permission} />;
  const { role, userId, projectId } = access.principal;
  return (
    <>
      <PageHeader title="Settings" description={`Organization members, API keys and project settings (${access.principal.projectName}).`} />
      <div className="grid">
        <MembersPanel projectId={projectId} canManage={can(role, "members:manage")} grantable={assignableRoles(role)} selfId={userId} />
        {can(role, "apikeys:manage") ? <ApiKeysPanel projectId={projectId} /> : null}
        {can(role, "project:manage") ? <ProjectPanel projectId={projectId} /> : null}
        {can(role, "project:manage") ? <TracingPrivacyPanel projectId={projectId} /> : null}
        {can(role, "project:manage") ? <TracingPricesPanel projectId={projectId} /> : null}
        {can(role, "audit:read") ? <AuditPanel projectId={projectId} /> : null}
      </div>
    </>
  );
}
