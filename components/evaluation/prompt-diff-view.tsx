// A line diff between two prompt versions: removed lines struck in red, added lines in green.
import type { DiffPart } from "@/lib/evaluation/prompt-diff";

export function PromptDiffView({ parts, label }: { parts: DiffPart[]; label: string }) {
  return (
    <pre className="diff" aria-label={label}>
      {parts.map((p, i) =>
        p.kind === "same" ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === "added" ? (
          <ins key={i} className="diff-added">{p.text}</ins>
        ) : (
          <del key={i} className="diff-removed">{p.text}</del>
        ),
      )}
    </pre>
  );
}
