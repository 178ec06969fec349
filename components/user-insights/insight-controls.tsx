// Controls shared by the insight pages' GET forms: event pickers, the date range and the breakdown, the buttons and
// the message for controls that could not be read.
import Link from "next/link";
import { CohortOptions } from "@/components/cohorts/cohort-options";

export function FormActions({ resetHref }: { resetHref: string }) {
  return (
    <>
      <button type="submit" className="btn btn-primary">
        Apply
      </button>
      <Link href={resetHref} className="btn">
        Reset
      </Link>
    </>
  );
}

export function ControlsProblem({ problem }: { problem: string | null }) {
  return problem ? (
    <div className="alert alert-error" role="alert">
      These controls could not be read: {problem}
    </div>
  ) : null;
}
export function EventSelect({ name, label, value, options }: { name: string; label: string; value: string | undefined; options: string[] }) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ""}>
        {value && !options.includes(value) ? <option value={value}>{value}</option> : null}
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  );
}

export function RangeAndBreakdown({ from, to, breakdown, cohorts }: { from: Date; to: Date; breakdown: string | string[] | undefined; cohorts: { id: string; name: string }[] }) {
  const trait = typeof breakdown === "string" ? breakdown : "";
  const picked = Array.isArray(breakdown) ? breakdown : [];
  return (
    <>
      <label>
        From (UTC)
        <input type="date" name="from" defaultValue={from.toISOString().slice(0, 10)} />
      </label>
      <label>
        To (UTC, exclusive)
        <input type="date" name="to" defaultValue={to.toISOString().slice(0, 10)} />
      </label>
      <label>
        Break down by trait
        <input name="breakdown" defaultValue={trait} placeholder="e.g. plan" />
      </label>
      {cohorts.length ? (
        <label>
          …or by cohorts
          <select name="cohort" multiple defaultValue={picked} size={Math.min(4, cohorts.length)}>
            <CohortOptions cohorts={cohorts} />
          </select>
        </label>
      ) : null}
    </>
  );
}
