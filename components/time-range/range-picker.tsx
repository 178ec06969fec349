// The dashboard's one time-range control: preset links, a custom from/to form and the compare-to-previous switch.
// Everything is a link or a GET form, so the range lives in the URL (shareable, back button works, no JavaScript
// needed) and the page's other parameters stay; paging restarts (a cursor belongs to the old range).
import Link from "next/link";
import { CleanGetForm } from "@/components/ui/clean-get-form";
import { DEFAULT_RANGE, PRESET_LABELS, RANGE_KEYS, RANGE_PRESETS, describeRange, rangeParams, type RangePreset, type TimeRange } from "@/lib/time-range/range";

type Pairs = [string, string][];

/** A page's own parameters, without the range and without a cursor. */
export function pageParams(sp: Record<string, string | string[] | undefined>): Pairs {
  const out: Pairs = [];
  for (const [k, v] of Object.entries(sp)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value === undefined || value === "" || k === "cursor" || (RANGE_KEYS as readonly string[]).includes(k)) continue;
    out.push([k, value]);
  }
  return out;
}

const href = (path: string, pairs: Pairs) => {
  const q = new URLSearchParams(pairs).toString();
  return q ? `${path}?${q}` : path;
};

/**
 * `comparable`: the page shows previous-period values next to its numbers, so the compare switch is offered. Elsewhere
 * it is not (a switch that changes nothing on the page misleads); a `compare` already in the URL is still carried, so
 * it is on again when the reader comes back to a page that shows it.
 */
export function RangePicker({ path, params, range, comparable = false }: { path: string; params: Pairs; range: TimeRange; comparable?: boolean }) {
  const compare: Pairs = range.compare ? [["compare", "previous"]] : [];
  const presetPairs = (p: RangePreset): Pairs => [["range", p], ...compare];
  const current: Pairs = rangeParams({ ...range, compare: false });
  const toggled = range.compare ? current : [...current, ["compare", "previous"] as [string, string]];
  const fromDay = range.from.toISOString().slice(0, 10);
  const lastDay = new Date(range.to.getTime() - (range.to.getTime() % 86_400_000 === 0 ? 86_400_000 : 0)).toISOString().slice(0, 10);
  return (
    <div className="range-picker" data-testid="range-picker">
      <nav className="range-tabs" aria-label="Time range">
        {(Object.keys(RANGE_PRESETS) as RangePreset[]).map((p) => (
          <Link key={p} href={href(path, [...params, ...presetPairs(p)])} className={p === range.preset ? "btn btn-primary" : "btn"} aria-current={p === range.preset ? "page" : undefined} title={PRESET_LABELS[p]}>
            {p}
          </Link>
        ))}
        {comparable ? (
          <Link href={href(path, [...params, ...toggled])} className={range.compare ? "btn btn-primary" : "btn"} aria-pressed={range.compare} role="button">
            {range.compare ? "✓ " : ""}Compare to previous
          </Link>
        ) : null}
      </nav>
      <details className="range-custom" open={range.preset === null ? true : undefined}>
        <summary>{range.preset === null ? `Custom: ${describeRange(range)}` : "Custom range"}</summary>
        <CleanGetForm action={path} className="form-row" aria-label="Custom time range">
          {params.map(([k, v]) => (
            <input key={`${k}=${v}`} type="hidden" name={k} value={v} />
          ))}
          <label>
            From (UTC)
            <input type="date" name="from" required defaultValue={fromDay} />
          </label>
          <label>
            To (UTC, included)
            <input type="date" name="to" required defaultValue={lastDay} />
          </label>
          {range.compare ? <input type="hidden" name="compare" value="previous" /> : null}
          <button type="submit" className="btn">Apply range</button>
        </CleanGetForm>
      </details>
    </div>
  );
}

/** The message shown when the URL's range was refused and the default used instead. */
export function RangeProblem({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return (
    <div className="alert alert-error" role="alert">
      Time range ignored: {problem}. Showing the {PRESET_LABELS[DEFAULT_RANGE].toLowerCase()}.
    </div>
  );
}
