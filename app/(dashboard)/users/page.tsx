import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { planBreakdown } from "@/lib/overview/store/plan-breakdown";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount, formatPercent } from "@/components/format";

export const metadata: Metadata = { title: "Users" };

export default dashboardPage("users:read", async function UsersPage(_props: object, { principal }) {
  const plans = await planBreakdown(await getDb(), principal.projectId);
  const total = plans.reduce((n, p) => n + p.users, 0);
  return (
    <>
      <PageHeader title="Users" description="End users of your product, as your product identifies them." />
      {total === 0 ? (
        <EmptyState title="No end users yet">
          <p>End users appear as your product sends events with a userId.</p>
        </EmptyState>
      ) : (
        <section className="card table-wrap">
          <h2>End users by plan</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col" className="num">Users</th>
                <th scope="col" className="num">Share</th>
                <th scope="col" className="num">Signed up in the last 30 days</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr key={p.plan}>
                  <td>{p.plan}</td>
                  <td className="num">{formatCount(p.users)}</td>
                  <td className="num">{formatPercent(p.users / total)}</td>
                  <td className="num">{formatCount(p.newLast30d)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <p className="muted section">
        Cohorts and sentiment have their own pages: <Link href="/users/cohorts">Cohorts</Link> ·{" "}
        <Link href="/users/sentiment">Sentiment</Link>.
      </p>
    </>
  );
});
