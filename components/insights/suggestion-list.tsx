"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDate } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { insightsApi, insightsKeys, type SuggestionFilter, type SuggestionItem, type Verdict } from "./queries";
import { evidenceLabel } from "./evidence-label";

const severityClass: Record<string, string> = { high: "badge badge-danger", medium: "badge badge-warn", low: "badge" };
const VERDICT_BUTTONS: { verdict: Verdict; label: string }[] = [
  { verdict: "useful", label: "Useful" },
  { verdict: "not_useful", label: "Not useful" },
  { verdict: "done", label: "Done" },
];
const statusLabel: Record<string, string> = { open: "Open", useful: "Marked useful", not_useful: "Marked not useful", done: "Done" };

/** Evidence as the rule reported it: numbers from the data under their field names in words (nothing re-derived here). */
function EvidenceList({ evidence }: { evidence: SuggestionItem["evidence"] }) {
  const entries = Object.entries(evidence).filter(([, v]) => v !== null);
  return (
    <details>
      <summary className="small">Evidence ({entries.length} figures)</summary>
      <dl className="suggestion-evidence small">
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt className="muted" title={k}>{evidenceLabel(k)}</dt>
            <dd>{typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: 6 }) : v}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/**
 * Insight suggestions (Overview's Insights panel and the Insights page): the stored findings of the
 * insights-suggestions job, most severe first, with verdict buttons for analysts and up.
 */
export function SuggestionList({ projectId, status = "current", limit, canGiveFeedback }: { projectId: string; status?: SuggestionFilter; limit?: number; canGiveFeedback: boolean }) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: insightsKeys.suggestionList(projectId, status), queryFn: () => insightsApi.suggestions(status) });
  const feedback = useMutation({
    mutationFn: insightsApi.suggestionFeedback,
    onSettled: () => queryClient.invalidateQueries({ queryKey: insightsKeys.suggestions(projectId) }),
  });
  return (
    <QueryState query={list} what="suggestions">
      {({ data }) => {
        const shown = limit ? data.slice(0, limit) : data;
        if (shown.length === 0) {
          return (
            <p className="muted" style={{ margin: 0 }}>
              No {status === "current" ? "current " : ""}suggestions. The daily insights job checks cheaper models with equal scores, prompt versions that
              lowered scores, experiments ready to ship or stop, cohorts whose return rate fell and tools whose failures precede negative sentiment, and
              lists only what the data supports.
            </p>
          );
        }
        return (
          <div className="grid">
            {feedback.isError && <div className="alert alert-error" role="alert">{feedback.error.message}</div>}
            <ul className="anomaly-list" aria-label="Suggestions">
              {shown.map((s) => (
                <li key={s.id} className="anomaly-item suggestion-item" data-rule={s.rule} data-severity={s.severity}>
                  <div className="anomaly-head">
                    <span className={severityClass[s.severity]}>{s.severity}</span>
                    <strong className="suggestion-title">{s.title}</strong>
                    {s.status !== "open" && <span className="badge">{statusLabel[s.status]}</span>}
                    {!s.active && <span className="badge">Not found by the latest run</span>}
                  </div>
                  <p style={{ margin: 0 }}>{s.body}</p>
                  <EvidenceList evidence={s.evidence} />
                  <div className="anomaly-actions">
                    {s.links.map((l) => (
                      <Link key={l.href + l.label} href={l.href}>
                        {l.label}
                      </Link>
                    ))}
                    <span className="muted small">last found {formatDate(s.lastSeenAt)}</span>
                    {canGiveFeedback && (
                      <span className="anomaly-review" role="group" aria-label={`Feedback on: ${s.title}`}>
                        {VERDICT_BUTTONS.map((b) => (
                          <button
                            key={b.verdict}
                            type="button"
                            className="btn"
                            aria-pressed={s.status === b.verdict}
                            disabled={feedback.isPending}
                            onClick={() => feedback.mutate({ id: s.id, verdict: b.verdict })}
                          >
                            {b.label}
                          </button>
                        ))}
                      </span>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          </div>
        );
      }}
    </QueryState>
  );
}
