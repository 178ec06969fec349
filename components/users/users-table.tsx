import Link from "next/link";
import { withRange } from "@/lib/time-range/range";
import type { listUsers } from "@/lib/users/store/list-users";
import { formatCost, formatCount, formatPercent, formatTimestamp, formatUtcMinute } from "@/components/format";
import { HIGH_CHURN_RISK } from "@/lib/insights/churn/features";
import { BOARD_METRICS } from "@/lib/monitoring/rollups/catalog";

type UserRow = Awaited<ReturnType<typeof listUsers>>["items"][number];
const dash = <span className="muted">—</span>;

/** To the minute, so that every column (churn risk last) fits a laptop screen; the exact instant on hover. */
function SeenAt({ at }: { at: string }) {
  return (
    <time dateTime={at} title={formatTimestamp(at)}>
      {formatUtcMinute(at)}
    </time>
  );
}

/**
 * One page of end users; counts, cost and engagement come from the profile job, churn risk from the latest churn model
 * (a dash until they have run, or for a user the model did not score because they were not active).
 */
export function UsersTable({ items, range = [] }: { items: UserRow[]; /** The time range's URL parameters, carried to each user's page. */ range?: [string, string][] }) {
  return (
    <section className="card table-wrap section" aria-label="End users">
      <table>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Plan</th>
            <th scope="col">Country</th>
            <th scope="col">First seen</th>
            <th scope="col">Last seen</th>
            <th scope="col" className="num">Traces</th>
            <th scope="col" className="num" title={BOARD_METRICS.user_sessions.definition}>{BOARD_METRICS.user_sessions.label}</th>
            <th scope="col" className="num">Cost</th>
            <th scope="col" className="num">Engagement</th>
            <th scope="col" className="num">
              <Link href="/users/churn">Churn risk</Link>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((u) => (
            <tr key={u.userId}>
              <td>
                <Link href={withRange(`/users/${encodeURIComponent(u.userId)}`, range)}>{u.userId}</Link>
                {u.email ? <div className="muted small">{u.email}</div> : null}
              </td>
              <td>{u.plan ?? dash}</td>
              <td>{u.country ?? dash}</td>
              <td className="mono-nowrap">{u.firstSeenAt ? <SeenAt at={u.firstSeenAt} /> : dash}</td>
              <td className="mono-nowrap">{u.lastSeenAt ? <SeenAt at={u.lastSeenAt} /> : dash}</td>
              <td className="num">{u.traces === null ? dash : formatCount(u.traces)}</td>
              <td className="num">{u.sessions === null ? dash : formatCount(u.sessions)}</td>
              <td className="num">{u.costUsd === null ? dash : formatCost(u.costUsd)}</td>
              <td className="num">{u.engagementScore === null ? dash : `${u.engagementScore} / 100`}</td>
              <td className="num">
                {u.churnRisk === null ? dash : u.churnRisk >= HIGH_CHURN_RISK ? <strong>{formatPercent(u.churnRisk)}</strong> : formatPercent(u.churnRisk)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
