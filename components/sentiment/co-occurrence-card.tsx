import Link from "next/link";
import type { CoOccurrence } from "@/lib/sentiment/stats";
import { formatCount, formatNumber, formatPercent } from "@/components/format";

/** Frustration next to one condition (tool errors, low ratings): rates, lift and the traces where both happen. */
export function CoOccurrenceCard({ title, condition, data }: { title: string; condition: string; data: CoOccurrence & { traceIds: string[] } }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      {data.total === 0 ? (
        <p className="muted">No traces to compare in this period.</p>
      ) : (
        <>
          <div className="table-wrap">
          <table className="kv-table">
            <tbody>
              <tr>
                <th scope="row">Traces considered</th>
                <td className="num">{formatCount(data.total)}</td>
              </tr>
              <tr>
                <th scope="row">Frustrated, with {condition}</th>
                <td className="num">
                  {formatPercent(data.rateWith)} ({formatCount(data.both)} of {formatCount(data.withCondition)})
                </td>
              </tr>
              <tr>
                <th scope="row">Frustrated, without {condition}</th>
                <td className="num">
                  {formatPercent(data.rateWithout)} ({formatCount(data.frustrated - data.both)} of {formatCount(data.total - data.withCondition)})
                </td>
              </tr>
              <tr>
                <th scope="row">Lift (1 = unrelated)</th>
                <td className="num">{data.lift === null ? "–" : `${formatNumber(data.lift, 2)}×`}</td>
              </tr>
            </tbody>
          </table>
          </div>
          {data.traceIds.length > 0 && (
            <details>
              <summary>Traces with both ({formatCount(data.both)}{data.both > data.traceIds.length ? `, latest ${data.traceIds.length}` : ""})</summary>
              <ul>
                {data.traceIds.map((id) => (
                  <li key={id}>
                    <Link href={`/traces/${encodeURIComponent(id)}`}>
                      <code>{id}</code>
                    </Link>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
