import { pickRangeParams, withRange } from "@/lib/time-range/range";
import Link from "next/link";
import type { TraceListItem, TraceListQuery, TraceSortKey } from "@/lib/traces/store/list-traces";
import { formatCost, formatDuration, formatTimestamp, formatTokens } from "@/components/format";
import { levelBadge } from "./level-badge";
import { previewText } from "@/lib/traces/payload-text";
import type { TraceListColumn } from "@/lib/traces/list-columns";

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

export function TracesTable({ items, query, params, hidden = new Set() }: { items: TraceListItem[]; query: TraceListQuery; params: string; hidden?: Set<TraceListColumn> }) {
  // Drill-downs keep the list's time range.
  const carried = pickRangeParams(new URLSearchParams(params));
  const show = (c: TraceListColumn) => !hidden.has(c);
  return (
    <section className="card table-wrap section" aria-label="Traces">
      <table className="traces-table">
        <thead>
          <tr>
            <SortHeader label="Time" sortKey="timestamp" query={query} params={params} />
            <th scope="col">Name</th>
            {show("user") ? <th scope="col">User</th> : null}
            {show("session") ? <th scope="col">Session</th> : null}
            {show("level") ? <th scope="col">Level</th> : null}
            {show("latency") ? <SortHeader label="Latency" sortKey="latency" query={query} params={params} /> : null}
            {show("tokens") ? <SortHeader label="Tokens" sortKey="tokens" query={query} params={params} /> : null}
            {show("cost") ? <SortHeader label="Cost" sortKey="cost" query={query} params={params} /> : null}
            {show("input") ? <th scope="col">Input</th> : null}
            {show("output") ? <th scope="col">Output</th> : null}
            {show("tags") ? <th scope="col">Tags</th> : null}
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
              {show("user") ? <td>{t.userId ? <Link href={withRange(`/users/${encodeURIComponent(t.userId)}`, carried)}>{t.userId}</Link> : <span className="muted">—</span>}</td> : null}
              {show("session") ? <td className="small">{t.sessionId ? <Link href={withRange(`/sessions/${encodeURIComponent(t.sessionId)}`, carried)}>{t.sessionId}</Link> : <span className="muted">—</span>}</td> : null}
              {show("level") ? (
                <td>
                  <span className={levelBadge[t.level] ?? "badge"}>{t.level}</span>
                </td>
              ) : null}
              {show("latency") ? <td className="num">{formatDuration(t.latencyMs)}</td> : null}
              {show("tokens") ? <td className="num">{formatTokens(t.totalTokens)}</td> : null}
              {show("cost") ? <td className="num">{formatCost(t.totalCost)}</td> : null}
              {show("input") ? <PreviewCell text={t.input} /> : null}
              {show("output") ? <PreviewCell text={t.output} /> : null}
              {show("tags") ? (
                <td>
                  {t.tags.map((tag) => (
                    <span key={tag} className="badge trace-tag">
                      {tag}
                    </span>
                  ))}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
