// The one cohort filter control of Overview, Traces, Sessions and Costs: a `cohort` select (blank: every user) whose
// value rides in the page URL. A cohort that no longer exists still shows, so the URL and the control agree.
import { CohortOptions } from "./cohort-options";

export function CohortSelect({ cohorts, value }: { cohorts: { id: string; name: string }[]; value: string | undefined }) {
  const known = value === undefined || cohorts.some((c) => c.id === value);
  return (
    <label>
      Cohort
      <select name="cohort" defaultValue={value ?? ""}>
        <option value="">Any user</option>
        {known ? null : <option value={value}>(deleted cohort)</option>}
        <CohortOptions cohorts={cohorts} />
      </select>
    </label>
  );
}
