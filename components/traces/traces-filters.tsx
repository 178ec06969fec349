import Link from "next/link";
import type { TraceListQuery } from "@/lib/traces/store/list-traces";
import { CohortSelect } from "@/components/cohorts/cohort-select";
import { CleanGetForm } from "@/components/ui/clean-get-form";

const LEVELS = ["DEBUG", "DEFAULT", "WARNING", "ERROR"];
const SENTIMENTS = ["negative", "neutral", "positive"];

/** A plain GET form: every filter lives in the URL, so a filtered view can be bookmarked and shared. */
export function TracesFilters({
  query,
  environments,
  models,
  cohorts = [],
  range = [],
}: {
  query: TraceListQuery;
  /** The time range's URL parameters (lib/time-range), carried by the form. */
  range?: [string, string][];
  environments: string[];
  models: string[];
  cohorts?: { id: string; name: string }[];
}) {
  return (
    <CleanGetForm action="/traces" className="card trace-filters" aria-label="Filter traces">
      <div className="form-row">
        <label>
          Name contains
          <input name="name" defaultValue={query.name ?? ""} placeholder="e.g. checkout" />
        </label>
        <label>
          User id
          <input name="userId" defaultValue={query.userId ?? ""} />
        </label>
        <label>
          Session id
          <input name="sessionId" defaultValue={query.sessionId ?? ""} />
        </label>
        <label>
          Model
          <select name="model" defaultValue={query.model ?? ""}>
            <option value="">Any</option>
            {models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Environment
          <select name="environment" defaultValue={query.environment ?? ""}>
            <option value="">Any</option>
            {environments.map((e) => (
              <option key={e}>{e}</option>
            ))}
          </select>
        </label>
        <label>
          Level
          <select name="level" defaultValue={query.level ?? ""}>
            <option value="">Any</option>
            {LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <label>
          User sentiment
          <select name="sentiment" defaultValue={query.sentiment ?? ""}>
            <option value="">Any</option>
            {SENTIMENTS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <CohortSelect cohorts={cohorts} value={query.cohort} />
        <label>
          Tag
          <input name="tag" defaultValue={query.tag ?? ""} />
        </label>
        <label>
          Min latency (ms)
          <input name="minLatencyMs" type="number" min={0} defaultValue={query.minLatencyMs ?? ""} />
        </label>
        <label>
          Min cost (USD)
          <input name="minCost" type="number" min={0} step="any" defaultValue={query.minCost ?? ""} />
        </label>
        {/* The time window is the page's range (the picker above); applying filters keeps it. */}
        {range.map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="order" value={query.order} />
        <button type="submit" className="btn btn-primary">Apply</button>
        <Link href={range.length ? `/traces?${new URLSearchParams(range).toString()}` : "/traces"} className="btn">Reset</Link>
      </div>
    </CleanGetForm>
  );
}
