import Link from "next/link";
import type { TraceListItem, TraceListQuery, TraceSortKey } from "@/lib/traces/store/list-traces";
import { formatCost, formatDuration, formatTimestamp, formatTokens } from "@/components/format";
import { levelBadge } from "./level-badge";
import { previewText } from "@/lib/traces/payload-text";

/** Characters of input/output a row shows (CSS may cut a narrow cell earlier with an ellipsis). */
const PREVIEW_CELL_CHARS = 80;

function SortHeader({ label, sortKey, query, params }: { label: string; sortKey: TraceSortKey; query: TraceListQuery; params: string }) {
  const active = query.sort === sortKey;
  const nextOrder = active && query.order === "desc" ? "asc" : "desc";
  const p = new URLSearchParams(params);
  p.set("sort", sortKey);
  p.set("order", nextOrder);
  return (
    <th scope="col" className={sortKey === "timestamp" ? undefined : "num"} aria-sort={active ? (query.order === "desc" ? "descending" : "ascending") : "none"}>
      <Link href={`/traces?${p.toString()}`} className="sort-link">
        {label}
        <span aria-hidden="true">{active ? (query.order === "desc" ? " ▼" : " ▲") : ""}</span>
      </Link>
    </th>
  );
}

/** One line of a trace's input or output, cut short; the longer text is in the title (shown on hover). */
function PreviewCell({ text }: { text: string | null }) {
  if (text === null) return <td className="muted">—</td>;
  return (
    <td className="cell-preview small" title={text}>
      {previewText(text, PREVIEW_CELL_CHARS)}
    </td>
  );
}

export function TracesTable({ items, query, params }: { items: TraceListItem[]; query: TraceListQuery; params: string }) {
  return (
    <section className="card table-wrap section" aria-label="Traces">
      <table className="traces-table">
        <thead>
          <tr>
            <SortHeader label="Time" sortKey="timestamp" query={query} params={params} />
            <th scope="col">Name</th>
            <th scope="col">User</th>
            <th scope="col">Session</th>
            <th scope="col">Level</th>
            <SortHeader label="Latency" sortKey="latency" query={query} params={params} />
            <SortHeader label="Tokens" sortKey="tokens" query={query} params={params} />
            <SortHeader label="Cost" sortKey="cost" query={query} params={params} />
            <th scope="col">Input</th>
            <th scope="col">Output</th>
            <th scope="col">Tags</th>
          </tr>
        </thead>
        <tbody>
          {items.map((t) => (
            <tr key={t.id}>
              <td className="mono-nowrap">{formatTimestamp(t.timestamp)}</td>
              <td className="cell-name">
                <Link href={`/traces/${encodeURIComponent(t.id)}`}>{t.name ?? <span className="muted">(unnamed)</span>}</Link>
                <div className="muted small">
                  {t.environment} · {t.observationCount} observation{t.observationCount === 1 ? "" : "s"}
                </div>
              </td>
              <td>{t.userId ? <Link href={`/users/${encodeURIComponent(t.userId)}`}>{t.userId}</Link> : <span className="muted">—</span>}</td>
              <td className="small">{t.sessionId ? <Link href={`/sessions/${encodeURIComponent(t.sessionId)}`}>{t.sessionId}</Link> : <span className="muted">—</span>}</td>
              <td>
                <span className={levelBadge[t.level] ?? "badge"}>{t.level}</span>
              </td>
              <td className="num">{formatDuration(t.latencyMs)}</td>
              <td className="num">{formatTokens(t.totalTokens)}</td>
              <td className="num">{formatCost(t.totalCost)}</td>
              <PreviewCell text={t.input} />
              <PreviewCell text={t.output} />
              <td>
                {t.tags.map((tag) => (
                  <span key={tag} className="badge trace-tag">
                    {tag}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
