import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { describeRange, parseTimeRange, pickRangeParams, withRange } from "@/lib/time-range/range";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { userDetail } from "@/lib/users/store/user-detail";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { MetricStat } from "@/components/ui/metric-stat";
import { formatCost, formatCount, formatNumber, formatDay, formatPercent, formatTimestamp } from "@/components/format";
import { UserProfile } from "@/components/users/user-profile";
import { UserTimeline } from "@/components/users/user-timeline";
import { PersonaSuggestionsCard } from "@/components/personalization/persona-suggestions-card";
import { userPersonaPreview } from "@/lib/personalization/personas/preview";

export const metadata: Metadata = { title: "User" };

/** The traces list over everything since the user was first seen (UTC day), i.e. all the traces the page counts. */
function allTracesHref(userId: string, firstSeenAt: string | null): string {
  const params = new URLSearchParams({ userId });
  if (firstSeenAt) params.set("from", firstSeenAt.slice(0, 10));
  return `/traces?${params}`;
}

function traitText(value: unknown): string {
  return value === null || value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value);
}

export default dashboardPage("users:read", async function UserPage({ params, searchParams }: { params: Promise<{ userId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }, { principal }) {
  // The counts are all time; the traces link lists exactly those (since the user was first seen), and a second link
  // keeps the time range the user was reached with (lib/time-range), named as such.
  const sp = await searchParams;
  const carried = pickRangeParams(sp);
  const carriedRange = carried.length > 0 ? parseTimeRange(sp, new Date()).range : null;
  const userId = decodeURIComponent((await params).userId);
  const db = await getDb();
  let user;
  try {
    user = await userDetail(db, principal.projectId, userId);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "not_found") throw err;
    return (
      <>
        <PageHeader title="User not found" />
        <EmptyState title={`No end user ${userId}`}>
          <p>
            Back to <Link href="/users">Users</Link>.
          </p>
        </EmptyState>
      </>
    );
  }
  const personas = can(principal.role, "personalization:read") ? await userPersonaPreview(db, principal.projectId, user.userId) : null;
  const traits: [string, unknown][] = [
    ["plan", user.traits.plan],
    ["signupAt", user.traits.signupAt ? formatTimestamp(user.traits.signupAt) : null],
    ["country", user.traits.country],
    ["email", user.traits.email],
    ...Object.entries(user.traits.properties),
  ];
  return (
    <>
      <PageHeader title={user.userId} description={`First seen ${formatTimestamp(user.firstSeenAt)} · last seen ${formatTimestamp(user.lastSeenAt)}`} />
      <p className="small">
        <Link href="/users">← Users</Link>
        {can(principal.role, "traces:read") ? (
          <>
            {" · "}
            <Link href={allTracesHref(user.userId, user.firstSeenAt)}>All {formatCount(user.counts.traces)} of this user&apos;s traces</Link>
            {carriedRange ? (
              <>
                {" · "}
                <Link href={withRange(`/traces?userId=${encodeURIComponent(user.userId)}`, carriedRange)}>Their traces, {describeRange(carriedRange)}</Link>
              </>
            ) : null}
          </>
        ) : null}
      </p>
      <div className="grid grid-4 section">
        <MetricStat metric="user_events" value={formatCount(user.counts.events)} window="all time" />
        <MetricStat metric="user_sessions" value={formatCount(user.counts.sessions)} window="all time" />
        <MetricStat metric="requests" value={formatCount(user.counts.traces)} window="all time" />
        <MetricStat metric="cost" value={formatCost(user.costUsd)} hint="Sum of the user's trace costs" window="all time" />
      </div>
      <div className="grid grid-2 section">
        <section className="card table-wrap" aria-label="Traits">
          <h2>Traits</h2>
          <table>
            <tbody>
              {traits.map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>{traitText(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {user.traitHistory.length > 0 ? (
            <>
              <h3>Trait history</h3>
              <table>
                <thead>
                  <tr>
                    <th scope="col">From</th>
                    <th scope="col">Trait</th>
                    <th scope="col">Old</th>
                    <th scope="col">New</th>
                  </tr>
                </thead>
                <tbody>
                  {user.traitHistory.map((h, i) => (
                    <tr key={i}>
                      <td className="mono-nowrap">{formatTimestamp(h.validFrom)}</td>
                      <td>{h.trait}</td>
                      <td>{traitText(h.oldValue)}</td>
                      <td>{traitText(h.newValue)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </section>
        <section className="card table-wrap" aria-label="Experiments and scores">
          <h2>Experiments</h2>
          {user.experiments.length === 0 ? (
            <p className="muted">Not exposed to any experiment.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Experiment</th>
                  <th scope="col">Variant</th>
                  <th scope="col">Plan when exposed</th>
                  <th scope="col">Exposed</th>
                </tr>
              </thead>
              <tbody>
                {user.experiments.map((e) => (
                  <tr key={e.key}>
                    <td>
                      <Link href={`/experiments/${encodeURIComponent(e.key)}`}>{e.name}</Link>
                    </td>
                    <td>{e.variant}</td>
                    <td>{e.planAtExposure}</td>
                    <td className="mono-nowrap">
                      <time dateTime={e.firstExposedAt} title={formatTimestamp(e.firstExposedAt)}>
                        {formatDay(e.firstExposedAt)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Scores</h2>
          {user.scores.length === 0 ? (
            <p className="muted">No scores on this user&apos;s traces.</p>
          ) : (
            <table>
              <tbody>
                {user.scores.map((s) => (
                  <tr key={s.name}>
                    <th scope="row">{s.name}</th>
                    <td className="num">mean {s.mean === null ? "—" : formatNumber(s.mean)}</td>
                    <td className="num">{formatCount(s.count)} scores</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Spectrum</h2>
          <p>
            {user.spectrum.sessions} sessions{user.spectrum.lastSessionAt ? ` (last ${formatTimestamp(user.spectrum.lastSessionAt)})` : ""}, {user.spectrum.periodsAnalysed} periods analysed,{" "}
            {user.spectrum.insights} insights{user.spectrum.lastInsightAt ? ` (last ${formatTimestamp(user.spectrum.lastInsightAt)})` : ""};{" "}
            {user.spectrum.linkedMember ? "linked to a member login" : "no member login linked"}.
          </p>
          <p className="muted small">
            Health only: a user&apos;s Spectrum pages are private to them. {can(principal.role, "spectrum:admin") ? <Link href="/spectrum">Spectrum health</Link> : null}
          </p>
        </section>
      </div>
      <section className="card section" aria-label="Churn risk">
        <h2>Churn risk</h2>
        {user.churn ? (
          <>
            <p>
              <strong>{formatPercent(user.churn.risk)}</strong> chance of no activity in the model&apos;s window (model of{" "}
              {formatTimestamp(user.churn.trainedAt)}, <Link href="/users/churn">how it is measured</Link>).
            </p>
            {user.churn.reasons.length ? (
              <ul>
                {user.churn.reasons.map((r) => (
                  <li key={r.feature}>
                    {r.label}: {r.shown ?? formatNumber(r.value, 2)} <span className="muted small">(+{formatNumber(r.contribution, 2)} log-odds)</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted small">No feature raises this user&apos;s risk above average.</p>
            )}
          </>
        ) : (
          <p className="muted">
            Not scored: the <Link href="/users/churn">churn model</Link> scores users active in the 28 days before its daily training.
          </p>
        )}
      </section>
      {personas ? <PersonaSuggestionsCard preview={personas} /> : null}
      {user.profile ? (
        <UserProfile profile={user.profile} />
      ) : (
        <div className="section">
          <EmptyState title="No preference profile yet">
            <p>The profile job computes it within minutes of this user&apos;s first activity.</p>
          </EmptyState>
        </div>
      )}
      <UserTimeline timeline={user.timeline} />
    </>
  );
});
