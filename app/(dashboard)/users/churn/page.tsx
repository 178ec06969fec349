// The churn model page: how well the latest model ranks churners (AUC against ranking by recency alone), whether its
// risks are calibrated, and the most at-risk active users with the features that raised their risk.
import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { latestChurnOverview } from "@/lib/insights/churn/training";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { MetricStat } from "@/components/ui/metric-stat";
import { ChurnCalibrationChart } from "@/components/insights/churn-calibration-chart";
import { formatCount, formatNumber, formatPercent, formatTimestamp } from "@/components/format";

export const metadata: Metadata = { title: "Churn model" };

const DESCRIPTION = "Which active end users are likely to have no activity in the next days, and why, from their own history.";

export default dashboardPage("insights:read", async function ChurnPage(_props: object, { principal }) {
  const overview = await latestChurnOverview(await getDb(), principal.projectId, 25);
  if (!overview) {
    return (
      <>
        <PageHeader title="Churn model" description={DESCRIPTION} />
        <EmptyState title="No churn model yet">
          <p>
            The <code>insights-churn-train</code> job trains one every day once end users have enough history: about two months of activity
            (events, traces or Spectrum sessions with a <code>userId</code>), with some users who stopped and some who stayed.
          </p>
        </EmptyState>
      </>
    );
  }
  const { model: m, users } = overview;
  const lift = m.auc !== null && m.baselineAuc !== null ? m.auc - m.baselineAuc : null;
  return (
    <>
      <PageHeader title="Churn model" description={DESCRIPTION} />
      <p className="muted">
        Churn: no activity in the {m.churnDays} days after a day. Trained {formatTimestamp(m.trainedAt)} on {formatCount(m.trainUsers)} users;
        evaluated on the {formatCount(m.evaluatedUsers)} users active before {formatTimestamp(m.evaluatedAt)} ({formatCount(m.churned)} of them churned),
        with a model trained only on what was known {m.churnDays} days earlier.
      </p>
      <div className="grid grid-4 section">
        <MetricStat
          metric="churn_auc"
          value={formatNumber(m.auc, 3)}
          window={`users active before ${formatTimestamp(m.evaluatedAt)}, outcome over the next ${m.churnDays} days`}
        />
        <MetricStat
          metric="churn_baseline_auc"
          value={formatNumber(m.baselineAuc, 3)}
          window={`the same users and outcome`}
        />
        <MetricStat metric="churn_gain" value={lift === null ? "—" : `${lift >= 0 ? "+" : ""}${formatNumber(lift, 3)}`} hint="AUC points" window="the same users and outcome" />
      </div>
      <section className="card section">
        <h2>Calibration: predicted vs observed churn</h2>
        <ChurnCalibrationChart bins={m.calibration} />
      </section>
      <section className="card table-wrap section" aria-label="Most at-risk users" tabIndex={0}>
        <h2>Most at-risk active users</h2>
        {users.length === 0 ? (
          <p className="muted">No user was active in the 28 days before training, so nobody was scored.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col" className="num">Risk</th>
                <th scope="col">Top reasons</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.userId}>
                  <td>
                    <Link href={`/users/${encodeURIComponent(u.userId)}`}>{u.userId}</Link>
                  </td>
                  <td className="num">{formatPercent(u.risk)}</td>
                  <td>
                    {u.reasons.length === 0 ? (
                      <span className="muted">nothing above average</span>
                    ) : (
                      u.reasons.map((r) => (
                        <div key={r.feature} className="small">
                          {r.label}: {r.shown ?? formatNumber(r.value, 2)} <span className="muted">(+{formatNumber(r.contribution, 2)} log-odds)</span>
                        </div>
                      ))
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted small">
          All users by risk: <Link href="/users?sort=churnRisk">Users sorted by churn risk</Link> · <Link href="/users?risk=high">high risk only</Link>.
        </p>
      </section>
    </>
  );
});
