"use client";

import { useRouter } from "next/navigation";
import { hiddenColumns, hideParam, TRACE_LIST_COLUMNS, type TraceListColumn } from "@/lib/traces/list-columns";

/** Show or hide the trace list's optional columns; the choice goes into the URL (`hide=`), so views keep it. */
export function ColumnChooser({ params }: { params: string }) {
  const router = useRouter();
  const current = new URLSearchParams(params);
  const hidden = hiddenColumns(current.get("hide") ?? undefined);

  function toggle(id: TraceListColumn, show: boolean) {
    const next = new Set(hidden);
    if (show) next.delete(id);
    else next.add(id);
    const p = new URLSearchParams(params);
    p.delete("cursor");
    const value = hideParam(next);
    if (value) p.set("hide", value);
    else p.delete("hide");
    const qs = p.toString();
    router.replace(qs ? `/traces?${qs}` : "/traces", { scroll: false });
  }

  return (
    <details className="column-chooser">
      <summary className="btn">Columns{hidden.size > 0 ? ` (${hidden.size} hidden)` : ""}</summary>
      <fieldset className="column-chooser-list">
        <legend className="sr-only">Columns to show</legend>
        {TRACE_LIST_COLUMNS.map((c) => (
          <label key={c.id} className="check">
            <input type="checkbox" checked={!hidden.has(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} /> {c.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
