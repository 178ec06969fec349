import Link from "next/link";
import type { UserDetail } from "@/lib/users/store/user-detail";
import { formatTimestamp } from "@/components/format";

const KIND_LABEL = { event: "Event", trace: "Trace", session: "Spectrum session", feedback: "Feedback" } as const;

/** The user's latest events, traces, Spectrum sessions and feedback, newest first (ratings only, never comment text). */
export function UserTimeline({ timeline }: { timeline: UserDetail["timeline"] }) {
  return (
    <section className="card table-wrap section" aria-label="Activity timeline">
      <h2>Activity timeline</h2>
      {timeline.length === 0 ? (
        <p className="muted">No activity from this user yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              <th scope="col">What</th>
              <th scope="col">Session</th>
            </tr>
          </thead>
          <tbody>
            {timeline.map((e) => (
              <tr key={`${e.kind}:${e.id}`}>
                <td className="mono-nowrap">{formatTimestamp(e.at)}</td>
                <td>{KIND_LABEL[e.kind]}</td>
                <td>
                  {e.kind === "trace" ? <Link href={`/traces/${encodeURIComponent(e.id)}`}>{e.name ?? "(unnamed trace)"}</Link> : (e.name ?? <span className="muted">—</span>)}
                </td>
                <td className="small">{e.sessionId ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
