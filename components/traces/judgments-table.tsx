import Link from "next/link";
import type { ScoreListItem, ScoreListQuery } from "@/lib/traces/store/list-scores";
import { SCORE_DATA_TYPES, SCORE_SOURCES } from "@/lib/traces/store/scores";
import { formatTimestamp } from "@/components/format";
import { CleanGetForm } from "@/components/ui/clean-get-form";

export function judgmentHref(s: Pick<ScoreListItem, "traceId" | "observationId">): string {
  const base = `/traces/${encodeURIComponent(s.traceId)}`;
  return s.observationId ? `${base}?observation=${encodeURIComponent(s.observationId)}` : base;
}

function displayValue(s: ScoreListItem): string {
  if (s.dataType === "categorical") return s.stringValue ?? "—";
  if (s.dataType === "boolean") return s.value === 1 ? "true" : "false";
  return s.value === null ? "—" : String(Math.round(s.value * 1000) / 1000);
}

/** A plain GET form: the filters live in the URL; the window is the app's time range (`range`, carried as hidden fields). */
export function JudgmentsFilters({ query, names, range }: { query: ScoreListQuery; names: string[]; range: [string, string][] }) {
  const rangeOnly = new URLSearchParams(range).toString();
  return (
    <CleanGetForm action="/judgments" className="card trace-filters" aria-label="Filter judgments">
      {range.map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      <div className="form-row">
        <label>
          Name
          <select name="name" defaultValue={query.name ?? ""}>
            <option value="">Any</option>
            {names.map((n) => <option key={n}>{n}</option>)}
          </select>
        </label>
        <label>
          Source
          <select name="source" defaultValue={query.source ?? ""}>
            <option value="">Any</option>
            {SCORE_SOURCES.map((s) => <option key={s}>{s}</option>)}
          </select>
        </label>
        <label>
          Data type
          <select name="dataType" defaultValue={query.dataType ?? ""}>
            <option value="">Any</option>
            {SCORE_DATA_TYPES.map((s) => <option key={s}>{s}</option>)}
          </select>
        </label>
        <label>Min value<input name="minValue" type="number" step="any" defaultValue={query.minValue ?? ""} size={6} /></label>
        <label>Max value<input name="maxValue" type="number" step="any" defaultValue={query.maxValue ?? ""} size={6} /></label>
        <button className="btn btn-primary" type="submit">Apply</button>
        <Link className="btn" href={rangeOnly ? `/judgments?${rangeOnly}` : "/judgments"}>Reset</Link>
      </div>
    </CleanGetForm>
  );
}

export function JudgmentsTable({ items }: { items: ScoreListItem[] }) {
  return (
    <div className="table-wrap">
      <table data-testid="judgments-table">
        <thead>
          <tr><th>Time</th><th>Name</th><th>Value</th><th>Type</th><th>Source</th><th>Trace</th><th>Comment</th></tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id}>
              <td className="small">{formatTimestamp(s.timestamp)}</td>
              <td>{s.name}</td>
              <td className="mono">{displayValue(s)}</td>
              <td>{s.dataType}</td>
              <td><span className="badge">{s.source}</span></td>
              <td>
                <Link href={judgmentHref(s)}>{s.traceName ?? s.traceId.slice(0, 12)}</Link>
                {s.observationId ? <span className="muted small"> · observation</span> : null}
              </td>
              <td className="small">{s.comment ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
