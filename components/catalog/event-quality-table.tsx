// Per event over the window: stored volume, schema violations with the last messages, refusals and crossed alerts;
// unknown events (not in the catalog) first.
import { formatTimestamp } from "@/components/format";
import type { Jsonified } from "@/components/ui/api";
import type { EventQuality } from "@/lib/catalog/quality";

const n = (x: number) => x.toLocaleString("en-US");

export function EventQualityTable({ events, caption }: { events: Jsonified<EventQuality>[]; caption: string }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption className="muted small" style={{ textAlign: "left" }}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Stored</th>
            <th scope="col">Violations</th>
            <th scope="col">Refused</th>
            <th scope="col">Last violations</th>
            <th scope="col">Alerts</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.name}>
              <td className="mono">
                {e.name} {e.known ? null : <span className="badge">unknown</span>}
              </td>
              <td className="mono">{n(e.volume)}</td>
              <td className="mono">{n(e.violations)}</td>
              <td className="mono">{n(e.refused)}</td>
              <td>
                {e.lastViolations.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <>
                    <ul className="small" style={{ margin: 0, paddingLeft: "1rem" }}>
                      {e.lastViolations.map((m, i) => (
                        <li key={i} className="mono">{m}</li>
                      ))}
                    </ul>
                    {e.lastViolationAt ? <span className="muted small">last {formatTimestamp(e.lastViolationAt)}</span> : null}
                  </>
                )}
              </td>
              <td className="small">{e.alerts.length ? e.alerts.join("; ") : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
