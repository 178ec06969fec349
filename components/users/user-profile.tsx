import type { UserDetail } from "@/lib/users/store/user-detail";
import { formatNumber, formatPercent, formatTimestamp } from "@/components/format";
import { ActiveHoursChart } from "./active-hours-chart";

type Profile = NonNullable<UserDetail["profile"]>;

function Shares({ title, rows, empty }: { title: string; rows: Profile["intents"]; empty: string }) {
  return (
    <section className="card table-wrap">
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table>
          <tbody>
            {rows.map((r) => (
              <tr key={r.value}>
                <td>{r.value}</td>
                <td className="num">{formatPercent(r.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The preference profile as the profile job last computed it (lib/users/profile.ts documents every number). */
export function UserProfile({ profile }: { profile: Profile }) {
  const preferred = profile.preferredPersona;
  return (
    <>
      <section className="card section" aria-label="Preference profile">
        <h2>Preference profile</h2>
        <p>
          Preferred persona: {preferred ? <strong>{preferred.persona}</strong> : <span className="muted">none yet</span>}
          {preferred ? <span className="muted"> (by {preferred.basis === "satisfaction" ? "highest satisfaction" : "most use; too few scores"})</span> : null}
          {" · "}Engagement: <strong>{profile.engagementScore} / 100</strong>
          <span className="muted small">
            {" "}
            (active days {profile.engagement.parts.activeDays}, volume {profile.engagement.parts.volume}, recency {profile.engagement.parts.recency}, feedback{" "}
            {profile.engagement.parts.feedback})
          </span>
        </p>
        <p className="muted small">Computed {formatTimestamp(profile.computedAt)} by the profile job.</p>
        {profile.personas.length === 0 ? (
          <p className="muted">No traces from this user yet, so no persona.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Persona</th>
                  <th scope="col" className="num">Traces</th>
                  <th scope="col" className="num">Scored</th>
                  <th scope="col" className="num">Satisfaction (0–1)</th>
                </tr>
              </thead>
              <tbody>
                {profile.personas.map((p) => (
                  <tr key={p.persona}>
                    <td>{p.persona}</td>
                    <td className="num">{p.traces}</td>
                    <td className="num">{p.scored}</td>
                    <td className="num">{p.satisfaction === null ? <span className="muted">—</span> : formatNumber(p.satisfaction)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <div className="grid grid-2 section">
        <Shares title="Response style (trace tags)" rows={profile.responseStyles} empty="No tagged traces." />
        <Shares title="Intents (trace names)" rows={profile.intents} empty="No named traces." />
      </div>
      <div className="section">
        <ActiveHoursChart hours={profile.activeHours} />
      </div>
      <p className="section">
        Feedback: {profile.feedback.thumbsUp} thumbs up, {profile.feedback.thumbsDown} thumbs down, {profile.feedback.ratings} ratings
        {profile.feedback.meanRating === null ? "" : ` (mean ${formatNumber(profile.feedback.meanRating)})`}, {profile.feedback.comments} comments.
      </p>
    </>
  );
}
