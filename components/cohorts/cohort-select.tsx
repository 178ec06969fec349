// The one cohort filter control of Overview, Traces, Sessions and Costs: a `cohort` select (blank: every user) whose
// value rides in the page URL. A cohort that no longer exists still shows, so the URL and the control agree.
import { CohortOptions } from "./cohort-options";

export function CohortSelect({
  cohorts,
  value,
  label = "Cohort",
  blank = "Any user",
}: {
  cohorts: { id: string; name: string }[];
  value: string | undefined;
  label?: string;
  /** What the blank choice means on this page. */
  blank?: string;
}) {
  const known = value === undefined || cohorts.some((c) => c.id === value);
  return (
    <label>
      {label}
      <select name="cohort" defaultValue={value ?? ""}>
        <option value="">{blank}</option>
        {known ? null : <option value={value}>(deleted cohort)</option>}
        <CohortOptions cohorts={cohorts} />
      </select>
    </label>
  );
}
