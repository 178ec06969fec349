import type { UserListQuery } from "@/lib/users/store/list-users";
import { CleanGetForm } from "@/components/ui/clean-get-form";
import { HIGH_CHURN_RISK } from "@/lib/insights/churn/features";

const SORTS: { value: UserListQuery["sort"]; label: string }[] = [
  { value: "lastSeen", label: "Last seen" },
  { value: "firstSeen", label: "First seen" },
  { value: "cost", label: "Cost" },
  { value: "traces", label: "Traces" },
  { value: "churnRisk", label: "Churn risk" },
];

/**
 * A GET form (only the set fields in the URL): search and sort live in the URL, so a view can be bookmarked and shared;
 * the window is the app's time range, carried as hidden fields.
 */
export function UsersFilters({ query, range }: { query: UserListQuery; range: [string, string][] }) {
  return (
    <CleanGetForm action="/users" className="card trace-filters section" aria-label="Search users">
      {range.map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <div className="form-row">
        <label>
          User id or email contains
          <input name="search" defaultValue={query.search ?? ""} placeholder="e.g. user_00" />
        </label>
        <label>
          Sort by
          <select name="sort" defaultValue={query.sort}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Churn risk
          <select name="risk" defaultValue={query.risk ?? ""}>
            <option value="">Everyone</option>
            <option value="high">High risk only (≥ {Math.round(HIGH_CHURN_RISK * 100)}%)</option>
          </select>
        </label>
        <label>
          Order
          <select name="order" defaultValue={query.order}>
            <option value="desc">Descending</option>
            <option value="asc">Ascending</option>
          </select>
        </label>
        <button type="submit" className="btn">
          Apply
        </button>
      </div>
    </CleanGetForm>
  );
}
