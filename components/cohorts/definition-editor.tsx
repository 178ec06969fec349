"use client";
// A JSON editor for cohort definitions with starting templates; the server's 400 (naming the bad node's path) is
// shown under it by the form that owns it.

export const DEFINITION_TEMPLATES: { label: string; definition: unknown }[] = [
  { label: "Trait", definition: { trait: "plan", op: "eq", value: "pro" } },
  { label: "Did an event", definition: { event: "message_sent", count: { op: "gte", value: 3 }, withinDays: 7 } },
  { label: "Experiment variant", definition: { experiment: "my-experiment", variant: "B" } },
  { label: "All of", definition: { all: [{ trait: "plan", op: "in", value: ["pro", "team"] }, { event: "message_sent", withinDays: 30 }] } },
  { label: "Any of", definition: { any: [{ trait: "country", op: "eq", value: "DE" }, { static: ["user_1", "user_2"] }] } },
  { label: "Not", definition: { not: { event: "message_sent", withinDays: 30 } } },
];

export function DefinitionEditor({ value, onChange, id }: { value: string; onChange: (text: string) => void; id: string }) {
  let parseError: string | null = null;
  try {
    JSON.parse(value);
  } catch (err) {
    parseError = (err as Error).message;
  }
  return (
    <div>
      <div className="form-row small" role="group" aria-label="Definition templates">
        <span className="muted">Start from:</span>
        {DEFINITION_TEMPLATES.map((t) => (
          <button key={t.label} type="button" className="btn" onClick={() => onChange(JSON.stringify(t.definition, null, 2))}>
            {t.label}
          </button>
        ))}
      </div>
      <textarea
        id={id}
        className="mono"
        rows={10}
        style={{ width: "100%", marginTop: "0.5rem" }}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        aria-invalid={parseError !== null}
      />
      {parseError ? <p className="small alert alert-error">Not valid JSON: {parseError}</p> : null}
      <p className="small muted">
        Nodes: <code>{`{ trait, op, value }`}</code> (ops eq, neq, in, notIn, gt, gte, lt, lte, contains, set, notSet),{" "}
        <code>{`{ event, count?, withinDays?, properties? }`}</code>, <code>{`{ experiment, variant? }`}</code>, <code>{`{ cohort: id }`}</code>,{" "}
        <code>{`{ static: [ids] }`}</code>, and <code>all</code> / <code>any</code> / <code>not</code>.
      </p>
    </div>
  );
}
