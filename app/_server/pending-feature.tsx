// A dashboard route whose feature has not landed: declared like any page (dashboardPage), showing an honest empty state.
import type { Metadata } from "next";
import type { Permission } from "@/lib/auth/permissions";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { dashboardPage } from "./dashboard-page";

interface PendingFeature {
  title: string;
  permission: Permission;
  description: string;
  /** What the user will see and what feeds it, in a sentence or two. */
  whenReady: string;
}

/** A page whose feature has not landed: an honest empty state, never sample numbers. */
function PendingFeatureBody({ title, description, whenReady }: PendingFeature) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <EmptyState title={`${title} is not available yet`}>
        <p>{whenReady}</p>
        <p className="small">Nothing is shown until there is real data to show.</p>
      </EmptyState>
    </>
  );
}

const pendingFeatures = {
  "users/sentiment": {
    title: "Sentiment",
    permission: "users:read",
    description: "Frustration, confusion and satisfaction of end users.",
    whenReady: "Sentiment per user and session, computed from conversation analysis, will appear here once the analysis jobs run.",
  },
} satisfies Record<string, PendingFeature>;

/** The metadata and page component of a not-yet-landed feature's route. */
export function pendingFeature(key: keyof typeof pendingFeatures) {
  const feature: PendingFeature = pendingFeatures[key];
  const metadata: Metadata = { title: feature.title };
  const Page = dashboardPage(feature.permission, async () => <PendingFeatureBody {...feature} />);
  return { metadata, Page };
}
