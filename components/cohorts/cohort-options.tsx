// The saved cohorts as <option>s of a filter or breakdown select (value: the cohort id).
export function CohortOptions({ cohorts }: { cohorts: { id: string; name: string }[] }) {
  return cohorts.map((c) => (
    <option key={c.id} value={c.id}>
      {c.name}
    </option>
  ));
}
