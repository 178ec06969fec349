// The user page's persona suggestions: the top 3 personas for the user's latest message, with each one's reasons and
// the weights they were scored with (the requirements' prior or the project's refit from feedback).
import type { UserPersonaPreview } from "@/lib/personalization/personas/preview";
import { formatCount, formatNumber, formatTimestamp } from "@/components/format";

const SIGNAL_LABELS = { history: "history", fit: "fit to the message", timeOfDay: "time of day", engagement: "engagement" } as const;

export function PersonaSuggestionsCard({ preview }: { preview: UserPersonaPreview }) {
  const { result } = preview;
  return (
    <section className="card section" aria-label="Persona suggestions" data-testid="persona-suggestions">
      <h2>Persona suggestions</h2>
      {!result || !preview.messageAt ? (
        <p className="muted">No message from this user yet: suggestions are scored on the user&apos;s latest message.</p>
      ) : result.suggestions.length === 0 ? (
        <p className="muted">No suggestion: {result.missing.join("; ")}.</p>
      ) : (
        <>
          <p className="muted small">
            For the user&apos;s latest message ({formatTimestamp(preview.messageAt)}, scored at {String(preview.hour).padStart(2, "0")}:00 UTC). Weights:{" "}
            {(Object.keys(SIGNAL_LABELS) as (keyof typeof SIGNAL_LABELS)[]).map((s) => `${SIGNAL_LABELS[s]} ${formatNumber(result.weights.values[s], 2)}`).join(", ")}
            {result.weights.source === "refit"
              ? ` (refitted ${formatTimestamp(result.weights.fittedAt)} from ${formatCount(result.weights.examples)} accepted suggestions)`
              : " (the requirements' defaults; refitted weekly once enough suggestions are accepted)"}
            .
          </p>
          <ol className="persona-suggestions">
            {result.suggestions.map((s) => (
              <li key={s.persona}>
                <strong>{s.persona}</strong> <span className="mono small">score {formatNumber(s.score, 3)}</span>
                <ul className="small">
                  {s.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
          {result.missing.length ? <p className="muted small">Left out for lack of data: {result.missing.join("; ")}.</p> : null}
        </>
      )}
    </section>
  );
}
