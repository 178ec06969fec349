"use client";
// The dashboard's error boundary: a page that throws (on the server or in the browser) shows what happened with a
// Retry inside the shell, the menu still there. Retry reloads the page: a server page's failure is only retried by
// rendering it again on the server.
import { PageError } from "@/components/ui/page-error";

export default function DashboardError({ error }: { error: Error & { digest?: string } }) {
  return <PageError digest={error.digest} onRetry={() => window.location.reload()} />;
}
